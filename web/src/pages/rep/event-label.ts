// What an event's label in the contract's history needs besides its type: a return to an earlier
// step (CONTRACT_RETURNED_TO_STEP) names the step and the approver's reason; the approvers'
// joint decision (STEP_APPROVERS_DECIDED) its outcome and tally; an added approver
// (APPROVER_ADDED) who, after which step and why; the rep's reminder (REVISION_REMINDER_SENT)
// when the contract is withdrawn; an exhausted escalation (ESCALATION_EXHAUSTED) its level; a
// withdrawal why (the revision timeout's rule, or the rep's reason) through the label's context.
import type { TFunction } from 'i18next';
import type { HistoryEvent } from '../../api/types';
import { formatDateTime } from '../../format';

/** The rule id the revision timeout's withdrawal is recorded under (src/domain/sla/revision-timeout.ts). */
const REVISION_TIMEOUT_RULE_ID = 'revision_timeout';

export function eventLabelVars(e: HistoryEvent, t: TFunction, names: ReadonlyMap<string, string> = new Map()): Record<string, string> {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const step = (key: unknown) => (typeof key === 'string' && key ? t(`steps.${key}`, { defaultValue: key }) : '—');
  switch (e.type) {
    case 'CONTRACT_RETURNED_TO_STEP':
      return { to: step(data.toStep), comment: text(data.comment) };
    case 'CONTRACT_WITHDRAWN':
      if (e.actor.kind === 'rule' && e.actor.id === REVISION_TIMEOUT_RULE_ID) return { context: 'revision_timeout' };
      return text(data.comment).trim() ? { context: 'reason', comment: text(data.comment).trim() } : {};
    case 'REVISION_REMINDER_SENT':
      return { at: formatDateTime(text(data.withdrawAt) || null) };
    case 'ESCALATION_EXHAUSTED':
      return { level: String(data.level ?? '—') };
    case 'APPROVER_ADDED': {
      const userId = text(data.userId);
      const who = userId ? (names.get(userId) ?? userId) : text(data.role) || '—';
      return { who, after: step(data.stepAfter), reason: text(data.reason) };
    }
    case 'STEP_APPROVERS_DECIDED': {
      const approvers = Array.isArray(data.approvers) ? data.approvers : [];
      const mode = text(data.mode) || 'all';
      const outcome = text(data.outcome);
      return {
        outcome: t(`countersign:status.${outcome}`, { defaultValue: outcome }),
        tally: t(`countersign:tally.${mode}`, { approved: Number(data.approvals ?? 0), total: approvers.length, required: Number(data.required ?? approvers.length) }),
      };
    }
    default:
      return {};
  }
}
