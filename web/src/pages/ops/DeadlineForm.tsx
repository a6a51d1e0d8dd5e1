// Ops move the deadline of a contract's waiting task (POST /api/tasks/:id/deadline { dueAt,
// reason }); the running workflow's reminders and escalation follow. The new time is entered as
// a wall-clock time in the organisation's zone.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, unwrap } from '../../api/client';
import type { ContractView } from '../../api/types';
import { formatDateTime } from '../../format';
import { isoToOrgLocal, orgLocalToIso } from '../approver/format';
import { refusalSentence } from '../approver/refusal';

export function DeadlineForm({ contractId, onChanged }: { contractId: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation('ops');
  const locale = i18n.language;
  const [view, setView] = useState<ContractView | null>(null);
  const [taskId, setTaskId] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    unwrap<ContractView>(client.GET('/api/contracts/{id}', { params: { path: { id: contractId } } }))
      .then((v) => {
        if (!live) return;
        setView(v);
        const first = v.openTasks[0];
        if (first) {
          setTaskId(first.id);
          if (first.dueAt) setDueAt(isoToOrgLocal(first.dueAt));
        }
      })
      .catch((err: unknown) => live && setMessage({ ok: false, text: refusalSentence(t, err, { names: new Map(), locale }) }));
    return () => {
      live = false;
    };
  }, [contractId, t, locale]);

  const stepName = (key: string) => t(`approver:steps.${key}`, { defaultValue: key });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!dueAt) found.dueAt = t('contracts.deadline.dueRequired');
    if (!reason.trim()) found.reason = t('contracts.deadline.reasonRequired');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0 || !taskId) return;
    try {
      const task = await unwrap<{ stepKey: string; dueAt: string }>(
        client.POST('/api/tasks/{id}/deadline', { params: { path: { id: taskId } }, body: { dueAt: orgLocalToIso(dueAt), reason: reason.trim() } }),
      );
      setMessage({ ok: true, text: t('contracts.deadline.done', { step: stepName(task.stepKey), due: formatDateTime(task.dueAt) }) });
      setReason('');
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.body.errors) setErrors(err.fieldErrors());
      setMessage({ ok: false, text: refusalSentence(t, err, { names: new Map(), locale }) });
    }
  }

  if (!view) return message ? <p role="alert" className="error">{message.text}</p> : <p>{t('loading')}</p>;
  if (view.openTasks.length === 0) return <p>{t('contracts.deadline.noOpenTask')}</p>;
  const idp = `deadline-${contractId}`;
  return (
    <form className="deadline-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('contracts.deadline.formLabel', { title: view.title })}>
      <div className="field">
        <label htmlFor={`${idp}-task`}>{t('contracts.deadline.task')}</label>
        <select
          id={`${idp}-task`}
          value={taskId}
          onChange={(e) => {
            setTaskId(e.target.value);
            const due = view.openTasks.find((x) => x.id === e.target.value)?.dueAt;
            if (due) setDueAt(isoToOrgLocal(due));
          }}
        >
          {view.openTasks.map((task) => (
            <option key={task.id} value={task.id}>
              {t('contracts.deadline.taskOption', { step: stepName(task.stepKey), who: task.assignee?.name ?? '—', due: formatDateTime(task.dueAt) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idp}-due`}>{t('contracts.deadline.newDue')}</label>
        <input id={`${idp}-due`} type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} aria-invalid={Boolean(errors.dueAt)} aria-describedby={`${idp}-due-error`} />
        {errors.dueAt && <p id={`${idp}-due-error`} className="field-error">{errors.dueAt}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${idp}-reason`}>{t('contracts.deadline.reason')}</label>
        <input id={`${idp}-reason`} type="text" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(errors.reason)} aria-describedby={`${idp}-reason-error`} />
        {errors.reason && <p id={`${idp}-reason-error`} className="field-error">{errors.reason}</p>}
      </div>
      <button type="submit">{t('contracts.deadline.save')}</button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} style={{ flexBasis: '100%' }}>
          {message.text}
        </p>
      )}
    </form>
  );
}
