// Urging (催办) from the rep's contract page: one Urge button per waiting task (its assignee named),
// with an optional note. After an urge the button is disabled until the next possible time, which
// comes from the answer, from a 429 (shown as a sentence, not an error code) or, after a reload,
// from the history's TASK_URGED events. The API's rule: once per business hour per task.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, typed } from '../../api/client';
import type { ContractView, HistoryEvent } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';

/** The latest "not before" of each task, from the history. */
function nextUrgeFromHistory(history: HistoryEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of history) {
    if (e.type !== 'TASK_URGED' || !e.data) continue;
    const { taskId, nextUrgeAt } = e.data as { taskId?: string; nextUrgeAt?: string };
    if (taskId && nextUrgeAt) out.set(taskId, nextUrgeAt);
  }
  return out;
}

export function UrgeActions({ contract, history }: { contract: ContractView; history: HistoryEvent[] }) {
  const { t } = useTranslation('urging');
  const [note, setNote] = useState('');
  const [next, setNext] = useState<Map<string, string>>(() => nextUrgeFromHistory(history));
  const [said, setSaid] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (contract.status !== 'in_review' || contract.openTasks.length === 0) return null;
  const known = new Map([...nextUrgeFromHistory(history), ...next]);

  const urge = async (taskId: string) => {
    setBusy(taskId);
    setError(null);
    try {
      const res = await typed(client.POST('/api/tasks/{id}/urge', { params: { path: { id: taskId } }, body: note.trim() ? { note: note.trim() } : {} }));
      setNext((m) => new Map(m).set(taskId, res.nextUrgeAt));
      setSaid((s) => ({ ...s, [taskId]: t('urged', { at: formatDateTime(res.nextUrgeAt) }) }));
      setNote('');
    } catch (err) {
      const at = err instanceof ApiError && err.status === 429 ? (err.body.details?.nextUrgeAt as string | undefined) : undefined;
      if (at) {
        setNext((m) => new Map(m).set(taskId, at));
        setSaid((s) => ({ ...s, [taskId]: t('tooSoon', { at: formatDateTime(at) }) }));
      } else setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="actions" aria-labelledby="urge-heading">
      <h2 id="urge-heading">{t('heading')}</h2>
      <p className="hint">{t('hint')}</p>
      <div className="field">
        <label htmlFor="urge-note">{t('note')}</label>
        <input id="urge-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <ul className="urge-tasks">
        {contract.openTasks.map((task) => {
          const nextAt = known.get(task.id);
          const waiting = !!nextAt && Date.parse(nextAt) > Date.now();
          const who = task.assignee?.name ?? task.assignee?.id ?? '';
          return (
            <li key={task.id} data-task={task.id}>
              <button type="button" disabled={waiting || busy === task.id} onClick={() => void urge(task.id)}>
                {t('button', { step: t(`rep:steps.${task.stepKey}`, { defaultValue: task.stepKey }), who })}
              </button>{' '}
              <span role="status">{said[task.id] ?? (waiting && nextAt ? t('nextAt', { at: formatDateTime(nextAt) }) : '')}</span>
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
    </section>
  );
}
