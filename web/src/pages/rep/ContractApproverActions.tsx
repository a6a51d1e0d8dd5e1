// On the contract page: "Add approver" for sales managers and ops (POST /api/contracts/:id/approvers:
// one more person's approval right after a step not yet decided) and, for ops, "Reassign" on each
// waiting task (POST /api/tasks/:id/reassign: to another holder of the task's role). The API names
// the field of a refusal and says why (a step already passed, the wrong role); it is shown as is.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, unwrap } from '../../api/client';
import type { ContractView, StepView } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';

export interface DirectoryUser {
  id: string;
  displayName: string;
  roles: string[];
}

/** The step's added approvers (adHoc) come right after it in the contract's steps. */
export function withAddedSteps(track: string[], steps: StepView[]): string[] {
  const out: string[] = [];
  for (const key of track) {
    out.push(key);
    const at = steps.findIndex((s) => s.key === key);
    for (let i = at + 1; at >= 0 && i < steps.length && steps[i].adHoc; i++) out.push(steps[i].key);
  }
  return out;
}

const STILL_AHEAD = new Set(['pending', 'in_progress', 'waiting']);
// Roles that decide no step: nobody to ask for an approval.
const NOT_APPROVING = new Set(['rep', 'ops', 'policy_admin']);

export function ContractApproverActions({
  contract,
  users,
  canAdd,
  canReassign,
  onChanged,
}: {
  contract: ContractView;
  users: DirectoryUser[];
  canAdd: boolean;
  canReassign: boolean;
  onChanged: (contract: ContractView | null) => void;
}) {
  const { t } = useTranslation('approvers');
  const stepName = (s: StepView) => t(`rep:steps.${s.key}`, { defaultValue: s.name });
  const approvers = useMemo(() => users.filter((u) => u.roles.some((r) => !NOT_APPROVING.has(r)) && u.id !== contract.submitter?.id), [users, contract.submitter?.id]);
  const ahead = contract.steps.filter((s) => STILL_AHEAD.has(s.status));
  const [userId, setUserId] = useState('');
  const [stepAfter, setStepAfter] = useState('');
  const [reason, setReason] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reassignTo, setReassignTo] = useState<Record<string, string>>({});
  const [reassignReason, setReassignReason] = useState<Record<string, string>>({});
  const [reassignError, setReassignError] = useState<unknown>(null);

  if (contract.status !== 'in_review' || (!canAdd && !canReassign)) return null;

  const add = async () => {
    setAddError(null);
    setBusy(true);
    try {
      const updated = await unwrap<ContractView>(
        client.POST('/api/contracts/{id}/approvers', { params: { path: { id: contract.id } }, body: { userId, stepAfter, reason: reason.trim() } }),
      );
      setReason('');
      onChanged(updated);
    } catch (err) {
      setAddError(err);
    } finally {
      setBusy(false);
    }
  };

  const reassign = async (taskId: string) => {
    setReassignError(null);
    try {
      await unwrap(client.POST('/api/tasks/{id}/reassign', { params: { path: { id: taskId } }, body: { toUserId: reassignTo[taskId] ?? '', reason: (reassignReason[taskId] ?? '').trim() } }));
      onChanged(null);
    } catch (err) {
      setReassignError(err);
    }
  };

  return (
    <section className="actions" aria-labelledby="approver-actions-heading">
      <h2 id="approver-actions-heading">{t('heading')}</h2>
      {canAdd && ahead.length > 0 && (
        <form
          aria-label={t('add.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3>{t('add.title')}</h3>
          <div className="field">
            <label htmlFor="add-approver-user">{t('add.user')}</label>
            <select id="add-approver-user" value={userId} onChange={(e) => setUserId(e.target.value)} required>
              <option value="">{t('choose')}</option>
              {approvers.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="add-approver-step">{t('add.stepAfter')}</label>
            <select id="add-approver-step" value={stepAfter} onChange={(e) => setStepAfter(e.target.value)} required>
              <option value="">{t('choose')}</option>
              {ahead.map((s) => (
                <option key={s.key} value={s.key}>
                  {stepName(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="add-approver-reason">{t('reason')}</label>
            <input id="add-approver-reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t('add.submit')}
          </button>
          <ErrorMessage error={addError} />
        </form>
      )}
      {canReassign &&
        contract.openTasks.map((task) => {
          const step = contract.steps.find((s) => s.key === task.stepKey);
          return (
            <form
              key={task.id}
              aria-label={t('reassign.title', { step: step ? stepName(step) : task.stepKey })}
              onSubmit={(e) => {
                e.preventDefault();
                void reassign(task.id);
              }}
            >
              <h3>{t('reassign.title', { step: step ? stepName(step) : task.stepKey })}</h3>
              <p>{t('reassign.holder', { name: task.assignee?.name ?? '—' })}</p>
              <div className="field">
                <label htmlFor={`reassign-user-${task.id}`}>{t('reassign.to')}</label>
                <select id={`reassign-user-${task.id}`} value={reassignTo[task.id] ?? ''} onChange={(e) => setReassignTo({ ...reassignTo, [task.id]: e.target.value })} required>
                  <option value="">{t('choose')}</option>
                  {approvers
                    .filter((u) => u.id !== task.assignee?.id)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName}
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`reassign-reason-${task.id}`}>{t('reason')}</label>
                <input id={`reassign-reason-${task.id}`} value={reassignReason[task.id] ?? ''} onChange={(e) => setReassignReason({ ...reassignReason, [task.id]: e.target.value })} required />
              </div>
              <button type="submit">{t('reassign.submit')}</button>
            </form>
          );
        })}
      <ErrorMessage error={reassignError} />
    </section>
  );
}

/** Who added an added approver's step, and why (inside the step's card). */
export function AddedBy({ step }: { step: StepView }) {
  const { t } = useTranslation('approvers');
  if (!step.adHoc) return null;
  return (
    <>
      <dt>{t('addedBy')}</dt>
      <dd>{step.addedBy?.name ?? '—'}</dd>
      {step.addedReason && (
        <>
          <dt>{t('addedReason')}</dt>
          <dd>{step.addedReason}</dd>
        </>
      )}
    </>
  );
}
