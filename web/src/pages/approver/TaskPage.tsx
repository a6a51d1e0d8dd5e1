// One task (/tasks/:id), where an approver lands from the e-mail, often on a phone: what the
// contract is, why a person must decide (the rule and its reason), how its clauses differ from
// the standard, and the decision — Approve, Reject, Request changes or Return to an earlier step
// (ReturnToStep.tsx), all but the first with the comment the domain requires (said before the API
// has to) — or handing the task to a colleague.
// Refusals (409) read as sentences ("Fiona Xu already approved this at 14:02").
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './approver.css';
import { RagBadge } from '../../components/RagBadge';
import { Link, useParams } from 'react-router';
import { client, unwrap } from '../../api/client';
import type { ClauseLibrary, ContractView } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { clauseDeviations, ClauseDeviations } from './ClauseDeviations';
import { refusalSentence } from './refusal';
import { ReturnToStep } from './ReturnToStep';
import { announceTasksChanged } from './request';
import type { Decision, DirectoryUser, TaskView } from './types';
import { StepApprovers } from '../rep/StepApprovers';

const DECISIONS: { decision: Decision; labelKey: string; needsComment: boolean }[] = [
  { decision: 'approve', labelKey: 'task.decide.approve', needsComment: false },
  { decision: 'reject', labelKey: 'task.decide.reject', needsComment: true },
  { decision: 'request_changes', labelKey: 'task.decide.requestChanges', needsComment: true },
];

export function TaskPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('approver');
  const locale = i18n.language;
  const { user } = useAuth();
  const [task, setTask] = useState<TaskView | null>(null);
  const [contract, setContract] = useState<ContractView | null>(null);
  const [library, setLibrary] = useState<ClauseLibrary | null>(null);
  const [users, setUsers] = useState<DirectoryUser[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [delegateTo, setDelegateTo] = useState('');
  const [delegateComment, setDelegateComment] = useState('');
  const [delegateResult, setDelegateResult] = useState<{ ok: boolean; text: string } | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.displayName])), [users]);

  const load = useCallback(async () => {
    try {
      const found = await unwrap<TaskView>(client.GET('/api/tasks/{id}', { params: { path: { id } } }));
      setTask(found);
      const [view, clauses, directory] = await Promise.all([
        unwrap<ContractView>(client.GET('/api/contracts/{id}', { params: { path: { id: found.contractId } } })),
        unwrap<ClauseLibrary>(client.GET('/api/clause-library')),
        unwrap<DirectoryUser[]>(client.GET('/api/users')),
      ]);
      setContract(view);
      setLibrary(clauses);
      setUsers(directory);
      setLoadError(null);
    } catch (err) {
      setLoadError(refusalSentence(t, err, { names: new Map(), locale }));
    }
  }, [id, t, locale]);

  useEffect(() => {
    void load();
  }, [load]);

  async function decide(decision: Decision, needsComment: boolean, toStep?: string) {
    if (!task) return;
    setResult(null);
    if (needsComment && !comment.trim()) {
      setCommentError(t('task.decide.commentRequired'));
      commentRef.current?.focus();
      return;
    }
    setCommentError(null);
    setBusy(true);
    try {
      await unwrap(
        client.POST('/api/tasks/{id}/decision', {
          params: { path: { id: task.id } },
          body: { decision, revision: task.revision, ...(toStep ? { toStep } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) },
        }),
      );
      setResult({ ok: true, text: t(`task.decide.done.${decision}`) });
      setComment('');
      announceTasksChanged();
    } catch (err) {
      setResult({ ok: false, text: refusalSentence(t, err, { names, locale }) });
    } finally {
      setBusy(false);
    }
    await load();
  }

  async function delegate(event: FormEvent) {
    event.preventDefault();
    if (!task || !delegateTo) return;
    setDelegateResult(null);
    try {
      // The answer is the task after the hand-over: shown at once, even if this viewer may no
      // longer read the task once it is the colleague's (the reload below then keeps it).
      const handedOver = await unwrap<TaskView>(
        client.POST('/api/tasks/{id}/delegate', {
          params: { path: { id: task.id } },
          body: { toUserId: delegateTo, ...(delegateComment.trim() ? { comment: delegateComment.trim() } : {}) },
        }),
      );
      setTask(handedOver);
      setDelegateResult({ ok: true, text: t('task.delegate.done', { name: names.get(delegateTo) ?? '' }) });
      announceTasksChanged();
      await load();
    } catch (err) {
      setDelegateResult({ ok: false, text: refusalSentence(t, err, { names, locale }) });
    }
  }

  if (loadError && !task) {
    return (
      <section>
        <h1>{t('task.title')}</h1>
        <p role="alert" className="error">{loadError}</p>
      </section>
    );
  }
  if (!task) return <p>{t('loading')}</p>;

  const step = contract?.steps.find((s) => s.key === task.stepKey);
  const stepName = t(`steps.${task.stepKey}`, { defaultValue: step?.name ?? task.stepKey });
  const deviations = contract && library ? clauseDeviations(contract.data.clauses, library) : [];
  const rag = task.rag;
  const assigneeRoles = users.find((u) => u.id === task.assigneeId)?.roles ?? [];
  const colleagues = users.filter((u) => u.id !== task.assigneeId && u.roles.some((r) => assigneeRoles.includes(r)));
  const isOpen = task.status === 'open';
  const mayDelegate = isOpen && user?.id === task.assigneeId;

  return (
    <article className="task-page" aria-labelledby="task-heading">
      <h1 id="task-heading">{t('task.heading', { step: stepName, title: task.contract.title })}</h1>
      {result && (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'} data-testid="decision-result">
          {result.text}
        </p>
      )}

      <section aria-labelledby="summary-heading" className="card">
        <h2 id="summary-heading">{t('task.summary.title')}</h2>
        <dl className="facts">
          <dt>{t('task.summary.customer')}</dt>
          <dd>{task.contract.customerName}{contract ? ` (${contract.customer.country})` : ''}</dd>
          <dt>{t('task.summary.amount')}</dt>
          <dd>{formatMoney(task.contract.amount, task.contract.currency)}</dd>
          {contract && (
            <>
              <dt>{t('task.summary.submitter')}</dt>
              <dd>{contract.submitter?.name ?? '—'}</dd>
              <dt>{t('task.summary.paymentTerms')}</dt>
              <dd>{t('task.summary.days', { count: contract.data.paymentTermsDays })}</dd>
              <dt>{t('task.summary.delivery')}</dt>
              <dd>{formatDate(contract.data.requestedDeliveryDate)}</dd>
              <dt>{t('task.summary.revision')}</dt>
              <dd>{contract.revision}</dd>
              <StepApprovers approvers={step?.approvers} />
            </>
          )}
          <dt>{t('task.summary.due')}</dt>
          <dd>
            {formatDateTime(task.dueAt)} <RagBadge rag={rag} />
          </dd>
          <dt>{t('task.summary.status')}</dt>
          <dd>{t(`task.status.${task.status}`)}</dd>
        </dl>
        {contract && contract.data.lines.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="lines-caption">
            <table>
              <caption id="lines-caption">{t('task.lines.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('task.lines.sku')}</th>
                  <th scope="col" className="num">{t('task.lines.quantity')}</th>
                  <th scope="col" className="num">{t('task.lines.unitPrice')}</th>
                  <th scope="col" className="num">{t('task.lines.taxRate')}</th>
                </tr>
              </thead>
              <tbody>
                {contract.data.lines.map((line, i) => (
                  <tr key={`${line.sku}-${i}`}>
                    <td>{line.sku}</td>
                    <td className="num">{line.quantity}</td>
                    <td className="num">{formatMoney(line.unitPrice, contract.currency)}</td>
                    <td className="num">{line.taxRatePercent}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link to={`/contracts/${task.contractId}`}>{t('task.summary.openContract')}</Link>
        </p>
      </section>

      <section aria-labelledby="why-heading" className="card">
        <h2 id="why-heading">{t('task.why.title')}</h2>
        <p data-testid="why-reason">{task.reason?.reason ?? step?.reason ?? t('task.why.noReason')}</p>
        {task.reason?.problems && task.reason.problems.length > 1 && (
          <ul>
            {task.reason.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {task.reason?.ruleId && <p className="hint">{t('task.why.rule', { rule: task.reason.ruleId })}</p>}
        {task.routingNote && <p className="hint">{task.routingNote}</p>}
      </section>

      <section aria-labelledby="clauses-heading" className="card">
        <h2 id="clauses-heading">{t('task.clauses.title')}</h2>
        {contract && library ? <ClauseDeviations deviations={deviations} /> : <p>{t('loading')}</p>}
      </section>

      <section aria-labelledby="decide-heading" className="card">
        <h2 id="decide-heading">{t('task.decide.title')}</h2>
        {isOpen ? (
          <form onSubmit={(e) => e.preventDefault()} noValidate>
            <div className="field">
              <label htmlFor="decision-comment">{t('task.decide.comment')}</label>
              <textarea
                id="decision-comment"
                ref={commentRef}
                rows={4}
                maxLength={4000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                aria-describedby="decision-comment-hint decision-comment-error"
                aria-invalid={Boolean(commentError)}
              />
              <p id="decision-comment-hint" className="hint">{t('task.decide.commentHint')}</p>
              {commentError && (
                <p id="decision-comment-error" className="field-error" role="alert">
                  {commentError}
                </p>
              )}
            </div>
            <div className="button-row">
              {DECISIONS.map((d) => (
                <button key={d.decision} type="button" className={d.decision === 'approve' ? 'primary' : d.decision === 'reject' ? 'danger' : 'secondary'} disabled={busy} onClick={() => void decide(d.decision, d.needsComment)}>
                  {t(d.labelKey)}
                </button>
              ))}
            </div>
            <ReturnToStep task={task} busy={busy} onReturn={(toStep) => void decide('return', true, toStep)} />
          </form>
        ) : (
          <p data-testid="task-closed">
            {task.status === 'cancelled'
              ? t('task.closed.cancelled')
              : t(`task.closed.${task.decision ?? 'approve'}`, { who: task.decidedById ? (names.get(task.decidedById) ?? '') : '', when: formatDateTime(task.decidedAt) })}
            {task.comment ? ` — “${task.comment}”` : ''}
          </p>
        )}
      </section>

      {/* After a hand-over the viewer may no longer delegate (the task is the colleague's now), so the
          outcome stays outside the form that then disappears. */}
      {(mayDelegate || delegateResult) && (
        <section aria-labelledby="delegate-heading" className="card">
          <h2 id="delegate-heading">{t('task.delegate.title')}</h2>
          {mayDelegate && (
            <form onSubmit={(e) => void delegate(e)}>
              <div className="field">
                <label htmlFor="delegate-to">{t('task.delegate.to')}</label>
                <select id="delegate-to" value={delegateTo} onChange={(e) => setDelegateTo(e.target.value)} required>
                  <option value="">{t('task.delegate.choose')}</option>
                  {colleagues.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.displayName}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="delegate-comment">{t('task.delegate.comment')}</label>
                <input id="delegate-comment" type="text" value={delegateComment} onChange={(e) => setDelegateComment(e.target.value)} maxLength={2000} />
              </div>
              <button type="submit" disabled={!delegateTo}>
                {t('task.delegate.button')}
              </button>
            </form>
          )}
          {delegateResult && (
            <p role={delegateResult.ok ? 'status' : 'alert'} className={delegateResult.ok ? 'ok' : 'error'} data-testid="delegate-result">
              {delegateResult.text}
            </p>
          )}
        </section>
      )}
    </article>
  );
}

export default TaskPage;
