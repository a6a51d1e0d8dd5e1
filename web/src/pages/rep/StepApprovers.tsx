// A step several people decide together (countersign 会签, or-sign 或签, quorum): the mode with
// its tally ("会签 1/2 已同意") and each approver's state: who, status, when, comment, escalation.
// Shown on the contract page's step card and on the task page.
import { useTranslation } from 'react-i18next';
import type { StepApproversView } from '../../api/types';
import { formatDateTime } from '../../format';

export function StepApprovers({ approvers }: { approvers?: StepApproversView | null }) {
  const { t } = useTranslation('countersign');
  if (!approvers) return null;
  const tally = t(`tally.${approvers.mode}`, { approved: approvers.approved, total: approvers.total, required: approvers.required });
  return (
    <>
      <dt>{t('heading')}</dt>
      <dd data-approvers-mode={approvers.mode}>
        <p className="approvers-tally">{tally}</p>
        <ul className="approvers">
          {approvers.approvers.map((a) => (
            <li key={a.taskId} data-approver={a.user?.id} data-approver-status={a.status}>
              <strong>{a.user?.name ?? a.user?.id}</strong>
              {a.assignee && a.user && a.assignee.id !== a.user.id ? ` (${t('heldBy', { name: a.assignee.name })})` : ''}
              {': '}
              {t(`status.${a.status}`, { defaultValue: a.status })}
              {a.decidedAt ? ` — ${formatDateTime(a.decidedAt)}` : ''}
              {a.decidedBy && a.user && a.decidedBy.id !== a.user.id ? ` (${t('decidedBy', { name: a.decidedBy.name })})` : ''}
              {a.comment ? ` — “${a.comment}”` : ''}
              {a.escalationLevel > 0 ? ` — ${t('escalated', { level: a.escalationLevel, names: a.escalatedTo.map((p) => p?.name).join(', ') })}` : ''}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}
