// The approver's inbox (/inbox): my open tasks, assigned and escalated to me, soonest due first,
// with the due time in the organisation's zone and a colour; several can be approved at once
// (each through its own POST /api/tasks/:id/decision, the outcome shown per task); and the
// out-of-office period with its delegate.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './approver.css';
import { RagBadge } from '../../components/RagBadge';
import { Link } from 'react-router';
import { client, unwrap } from '../../api/client';
import { formatDateTime, formatMoney } from '../../format';
import { OutOfOffice } from './OutOfOffice';
import { refusalSentence } from './refusal';
import { announceTasksChanged } from './request';
import { bySoonestDue } from './task-rag';
import type { DirectoryUser, Me, TaskView } from './types';

interface Outcome {
  taskId: string;
  title: string;
  ok: boolean;
  text: string;
}

export function InboxPage() {
  const { t, i18n } = useTranslation('approver');
  const locale = i18n.language;
  const [tasks, setTasks] = useState<TaskView[] | null>(null);
  const [users, setUsers] = useState<DirectoryUser[]>([]);
  const [me, setMe] = useState<Me | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.displayName])), [users]);

  const load = useCallback(async () => {
    try {
      const [mine, directory, profile] = await Promise.all([
        unwrap<TaskView[]>(client.GET('/api/tasks')),
        unwrap<DirectoryUser[]>(client.GET('/api/users')),
        unwrap<Me>(client.GET('/api/users/me')),
      ]);
      setTasks([...mine].sort(bySoonestDue));
      setUsers(directory);
      setMe(profile);
      setLoadError(null);
    } catch (err) {
      setLoadError(refusalSentence(t, err, { names: new Map(), locale }));
    }
  }, [t, locale]);

  useEffect(() => {
    void load();
  }, [load]);

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const allIds = tasks?.map((task) => task.id) ?? [];
  const allSelected = allIds.length > 0 && allIds.every((id) => selected.has(id));

  async function approveSelected() {
    if (!tasks) return;
    setBusy(true);
    const chosen = tasks.filter((task) => selected.has(task.id));
    const results: Outcome[] = [];
    // One after another: each is its own Update on its contract's workflow, and the outcome of
    // each is reported on its own line, so one refusal does not hide the others' results.
    for (const task of chosen) {
      try {
        await unwrap(client.POST('/api/tasks/{id}/decision', { params: { path: { id: task.id } }, body: { decision: 'approve', revision: task.revision } }));
        results.push({ taskId: task.id, title: task.contract.title, ok: true, text: t('inbox.bulk.approved') });
      } catch (err) {
        results.push({ taskId: task.id, title: task.contract.title, ok: false, text: refusalSentence(t, err, { names, locale }) });
      }
    }
    setOutcomes(results);
    setSelected(new Set());
    setBusy(false);
    announceTasksChanged();
    await load();
  }

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">{t('inbox.title')}</h1>
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {tasks === null && !loadError && <p>{t('loading')}</p>}
      {tasks !== null && tasks.length === 0 && <p>{t('inbox.empty')}</p>}
      {tasks !== null && tasks.length > 0 && (
        <>
          <p>{t('inbox.count', { count: tasks.length })}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="inbox-heading">
            <table className="inbox-table">
              <caption className="visually-hidden">{t('inbox.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <label htmlFor="inbox-select-all" className="select-all">
                      <input type="checkbox" id="inbox-select-all" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(allIds))} />
                      <span>{t('inbox.all')}</span>
                    </label>
                  </th>
                  <th scope="col">{t('inbox.columns.contract')}</th>
                  <th scope="col">{t('inbox.columns.step')}</th>
                  <th scope="col">{t('inbox.columns.amount')}</th>
                  <th scope="col">{t('inbox.columns.due')}</th>
                  <th scope="col">{t('inbox.columns.rag')}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => {
                  const rag = task.rag;
                  const escalated = me !== null && task.escalatedTo.includes(me.id);
                  return (
                    <tr key={task.id} data-task-id={task.id}>
                      <td>
                        <input
                          type="checkbox"
                          id={`select-${task.id}`}
                          // Labelled by the contract's title, visible in the same row.
                          aria-labelledby={`title-${task.id}`}
                          checked={selected.has(task.id)}
                          onChange={() => toggle(task.id)}
                        />
                      </td>
                      <td>
                        <Link to={`/tasks/${task.id}`} id={`title-${task.id}`}>
                          {task.contract.title}
                        </Link>
                        <div className="hint">{task.contract.customerName}</div>
                        {escalated && <div className="tag">{t('inbox.escalated')}</div>}
                      </td>
                      <td>{t(`steps.${task.stepKey}`, { defaultValue: task.stepKey })}</td>
                      <td className="num">{formatMoney(task.contract.amount, task.contract.currency)}</td>
                      <td>
                        <time dateTime={task.dueAt ?? undefined}>{formatDateTime(task.dueAt)}</time>
                      </td>
                      <td>
                        <RagBadge rag={rag} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="button" className="primary" disabled={busy || selected.size === 0} onClick={() => void approveSelected()}>
            {t('inbox.bulk.button', { count: selected.size })}
          </button>
        </>
      )}
      {outcomes.length > 0 && (
        <section aria-labelledby="bulk-outcome-heading" className="bulk-outcome">
          <h2 id="bulk-outcome-heading">{t('inbox.bulk.outcomeTitle')}</h2>
          <ul role="status">
            {outcomes.map((o) => (
              <li key={o.taskId} data-outcome={o.ok ? 'approved' : 'refused'} className={o.ok ? 'ok' : 'error'}>
                <strong>{o.title}</strong>: {o.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      {me && <OutOfOffice me={me} users={users} onSaved={setMe} />}
    </section>
  );
}

export default InboxPage;
