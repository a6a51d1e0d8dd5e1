// /contracts/:id: the 15 steps as stages with parallel tracks side by side; per step who or what
// decided, why, when, and its SLA (due, reminders, escalations); the audit history; the document
// and the order; Revise when changes were requested and Withdraw while it is open.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, typed, unwrap } from '../../api/client';
import type { ContractView, HistoryEvent, Policy, StepView } from '../../api/types';
import { AttentionNotices } from './AttentionNotices';
import { eventLabelVars } from './event-label';
import { useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RagBadge } from '../../components/RagBadge';
import { StepCc } from './CcPicker';
import { StepApprovers } from './StepApprovers';
import { UrgeActions } from './UrgeActions';
import { formatDate, formatDateTime, formatHours, formatMoney } from '../../format';
import { AddedBy, ContractApproverActions, type DirectoryUser, withAddedSteps } from './ContractApproverActions';

function StepCard({ step }: { step: StepView }) {
  const { t } = useTranslation('rep');
  const decider = !step.decidedBy ? null : step.decidedBy.kind === 'user' ? (step.decidedBy.name ?? step.decidedBy.id) : t('contract.rule', { rule: step.decidedBy.id });
  return (
    <li className={`step step-${step.status}`} data-step={step.key}>
      <h4>
        {step.number}. {t(`steps.${step.key}`, { defaultValue: step.name })}
      </h4>
      <p className="step-status">{t(`stepStatus.${step.status}`, { defaultValue: step.status })}</p>
      <dl>
        <AddedBy step={step} />
        {decider && (
          <>
            <dt>{t('contract.decidedBy')}</dt>
            <dd>{decider}</dd>
          </>
        )}
        {step.reason && (
          <>
            <dt>{t('contract.reason')}</dt>
            <dd>{step.reason}</dd>
          </>
        )}
        {step.comment && (
          <>
            <dt>{t('contract.comment')}</dt>
            <dd>{step.comment}</dd>
          </>
        )}
        <StepCc cc={step.cc} />
        <StepApprovers approvers={step.approvers} />
        {step.keptFromRevision !== null && (
          <>
            <dt>{t('contract.kept')}</dt>
            <dd>{t('contract.keptFrom', { revision: step.keptFromRevision })}</dd>
          </>
        )}
        {step.startedAt && (
          <>
            <dt>{t('contract.started')}</dt>
            <dd>{formatDateTime(step.startedAt)}</dd>
          </>
        )}
        {step.completedAt && (
          <>
            <dt>{t('contract.completed')}</dt>
            <dd>{formatDateTime(step.completedAt)}</dd>
          </>
        )}
        {step.sla && (
          <>
            <dt>{t('contract.due')}</dt>
            <dd>
              {formatDateTime(step.sla.dueAt)}
              {step.sla.breached ? ` — ${t('contract.breached')}` : ''}
            </dd>
            {step.sla.reminders.length > 0 && (
              <>
                <dt>{t('contract.reminders')}</dt>
                <dd>
                  {step.sla.reminders
                    .map((r) => (r.sentAt ? t('contract.sentAt', { at: formatDateTime(r.sentAt) }) : t('contract.plannedAt', { at: formatDateTime(r.at) })))
                    .join('; ')}
                </dd>
              </>
            )}
            {step.sla.escalations.length > 0 && (
              <>
                <dt>{t('contract.escalations')}</dt>
                <dd>
                  {step.sla.escalations
                    .map((e) =>
                      e.firedAt ? t('contract.escalatedAt', { level: e.level, at: formatDateTime(e.firedAt) }) : t('contract.escalatesAt', { level: e.level, at: formatDateTime(e.at) }),
                    )
                    .join('; ')}
                </dd>
              </>
            )}
          </>
        )}
      </dl>
    </li>
  );
}

export default function ContractPage() {
  const { t } = useTranslation('rep');
  const { id = '' } = useParams();
  const { user } = useAuth();
  const [contract, setContract] = useState<ContractView | null>(null);
  const [history, setHistory] = useState<HistoryEvent[]>([]);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [users, setUsers] = useState<DirectoryUser[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [withdrawReason, setWithdrawReason] = useState('');

  const load = useCallback(() => {
    const path = { params: { path: { id } } };
    Promise.all([
      unwrap<ContractView>(client.GET('/api/contracts/{id}', path)),
      unwrap<HistoryEvent[]>(client.GET('/api/contracts/{id}/history', path)),
      unwrap<Policy>(client.GET('/api/policy')),
      typed(client.GET('/api/users')),
    ])
      .then(([c, h, p, users]) => {
        setContract(c);
        setHistory(h);
        setPolicy(p);
        setNames(new Map(users.map((u) => [u.id, u.displayName])));
        setUsers(users);
      })
      .catch(setError);
  }, [id]);
  useEffect(load, [load]);

  if (error) return <ErrorMessage error={error} />;
  if (!contract) return <p>{t('common:loading')}</p>;
  const byKey = new Map(contract.steps.map((s) => [s.key, s]));
  const stages = policy?.stages ?? [{ tracks: [contract.steps.map((s) => s.key)] }];
  const isSubmitter = user?.id === contract.submitter?.id;
  const open = contract.status === 'in_review' || contract.status === 'changes_requested';

  const withdraw = async () => {
    setActionError(null);
    try {
      setContract(await unwrap<ContractView>(client.POST('/api/contracts/{id}/withdraw', { params: { path: { id } }, body: withdrawReason.trim() ? { reason: withdrawReason.trim() } : {} })));
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <>
      <div className="page-title">
        <h1>{contract.title}</h1>
        <RagBadge rag={contract.timing.rag} />
      </div>
      <dl className="facts">
        <dt>{t('contract.status')}</dt>
        <dd data-testid="contract-status">{t(`common:status.${contract.status}`, { defaultValue: contract.status })}</dd>
        <dt>{t('contract.customer')}</dt>
        <dd>
          {contract.customer.name} ({contract.customer.registrationNumber}, {contract.customer.country})
        </dd>
        <dt>{t('contract.amount')}</dt>
        <dd>{formatMoney(contract.amount, contract.currency)}</dd>
        <dt>{t('contract.revision')}</dt>
        <dd>{contract.revision}</dd>
        <dt>{t('contract.submitted')}</dt>
        <dd>{formatDateTime(contract.submittedAt)}</dd>
        <dt>{t('contract.age')}</dt>
        <dd>{t('list.ageOfTarget', { elapsed: formatHours(contract.timing.elapsedHours), target: formatHours(contract.timing.targetHours) })}</dd>
        <dt>{t('contract.targetDue')}</dt>
        <dd>{formatDateTime(contract.timing.dueAt)}</dd>
        <dt>{t('contract.delivery')}</dt>
        <dd>{formatDate(contract.data.requestedDeliveryDate)}</dd>
      </dl>
      <AttentionNotices flags={contract.attention} />

      {isSubmitter && open && (
        <section className="actions" aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t('contract.actions')}</h2>
          {contract.status === 'changes_requested' && (
            <Link className="button primary" to={`/contracts/${contract.id}/revise`}>
              {t('contract.revise')}
            </Link>
          )}
          <div className="field">
            <label htmlFor="withdraw-reason">{t('contract.withdrawReason')}</label>
            <input id="withdraw-reason" value={withdrawReason} onChange={(e) => setWithdrawReason(e.target.value)} />
          </div>
          <button type="button" className="danger" onClick={() => void withdraw()}>
            {t('contract.withdraw')}
          </button>
          <ErrorMessage error={actionError} />
        </section>
      )}

      <ContractApproverActions
        contract={contract}
        users={users}
        canAdd={!!user?.roles.some((r) => r === 'sales_manager' || r === 'ops')}
        canReassign={!!user?.roles.includes('ops')}
        onChanged={(updated) => (updated ? setContract(updated) : load())}
      />

      {isSubmitter && <UrgeActions key={history.length} contract={contract} history={history} />}

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('contract.steps')}</h2>
        <ol className="stages">
          {stages.map((stage, i) => (
            <li key={i} className="stage">
              <h3>{t('contract.stage', { n: i + 1 })}</h3>
              <div className="tracks">
                {stage.tracks.map((track, j) => (
                  <ol key={j} className="track" aria-label={t('contract.track', { n: j + 1 })}>
                    {withAddedSteps(track, contract.steps).map((key) => {
                      const step = byKey.get(key);
                      return step ? <StepCard key={key} step={step} /> : null;
                    })}
                  </ol>
                ))}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="outputs-heading">
        <h2 id="outputs-heading">{t('contract.outputs')}</h2>
        <p>
          {contract.document ? (
            <>
              <a href={contract.document.url}>{t('contract.document', { revision: contract.document.revision })}</a>
              {contract.document.pdfUrl ? (
                <>
                  {' · '}
                  <a href={contract.document.pdfUrl} type="application/pdf">
                    {t('contract.documentPdf')}
                  </a>
                </>
              ) : null}
            </>
          ) : (
            t('contract.noDocument')
          )}
        </p>
        <p>{contract.order ? t('contract.order', { number: contract.order.orderNumber, amount: formatMoney(contract.order.amount, contract.order.currency) }) : t('contract.noOrder')}</p>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('contract.history')}</h2>
        {/* Focusable so a keyboard can scroll it sideways on a narrow screen. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="history-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contract.when')}</th>
                <th scope="col">{t('contract.event')}</th>
                <th scope="col">{t('contract.step')}</th>
                <th scope="col">{t('contract.who')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.occurredAt)}</td>
                  <td>{t(`events.${e.type}`, { defaultValue: e.type, ...eventLabelVars(e, t, names) })}</td>
                  <td>{e.stepKey ? t(`steps.${e.stepKey}`, { defaultValue: e.stepKey }) : '—'}</td>
                  <td>
                    {e.actor.kind === 'user' && e.actor.id
                      ? (names.get(e.actor.id) ?? e.actor.id)
                      : e.actor.kind === 'rule' && e.actor.id
                        ? t('contract.rule', { rule: e.actor.id })
                        : t(`actor.${e.actor.kind}`, { defaultValue: e.actor.kind })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
