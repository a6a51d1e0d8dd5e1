// The API's refusals as sentences a person reads: "Fiona Xu already approved this at 14:02"
// instead of "409 TASK_ALREADY_DECIDED". Reads the error body's code and details
// (src/domain/errors.ts lists the codes; src/tasks/tasks.service.ts fills the details of an
// already-decided task). Unknown codes fall back to the API's own message.
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { formatMoment } from './format';

export interface RefusalContext {
  /** Display names by user id, to name who already decided. */
  names: ReadonlyMap<string, string>;
  locale: string;
}

const KNOWN = new Set([
  'NOT_ASSIGNEE', 'STALE_REVISION', 'SELF_APPROVAL_FORBIDDEN', 'COMMENT_REQUIRED', 'DELEGATE_ROLE_MISMATCH', 'ALREADY_ASSIGNED',
  'DEADLINE_INVALID', 'CONTRACT_ALREADY_CLOSED', 'FORBIDDEN', 'TASK_NOT_FOUND', 'CONTRACT_NOT_FOUND', 'SERVICE_UNAVAILABLE',
  'UNAUTHORIZED', 'CSRF_INVALID',
]);

export function refusalSentence(t: TFunction, thrown: unknown, ctx: RefusalContext): string {
  if (!(thrown instanceof ApiError)) return t('approver:refusal.network');
  const error = thrown.body;
  const d = error.details ?? {};
  switch (error.code) {
    case 'TASK_ALREADY_DECIDED': {
      if (d.status === 'cancelled') return t('approver:refusal.cancelled');
      const who = typeof d.decidedById === 'string' ? (ctx.names.get(d.decidedById) ?? t('approver:refusal.someone')) : t('approver:refusal.someone');
      const when = typeof d.decidedAt === 'string' ? formatMoment(d.decidedAt, ctx.locale) : '';
      const decision = typeof d.decision === 'string' ? d.decision : 'approve';
      return t(`approver:refusal.alreadyDecided.${decision}`, { defaultValue: t('approver:refusal.alreadyDecided.approve', { who, when }), who, when });
    }
    case 'CONTRACT_HALTED':
      return t(`approver:refusal.halted.${String(d.halt ?? 'rejected')}`, { defaultValue: error.message });
    case 'VALIDATION_FAILED':
      return (error.errors ?? []).map((e) => t('approver:refusal.field', { field: e.field, message: e.message })).join(' ') || error.message;
    default:
      return KNOWN.has(error.code) ? t(`approver:refusal.codes.${error.code}`) : error.message;
  }
}
