// What an event's label in the contract's history needs besides its type: a return to an earlier
// step (CONTRACT_RETURNED_TO_STEP) names the step and the approver's reason.
import type { TFunction } from 'i18next';
import type { HistoryEvent } from '../../api/types';

export function eventLabelVars(e: HistoryEvent, t: TFunction): Record<string, string> {
  if (e.type !== 'CONTRACT_RETURNED_TO_STEP') return {};
  const data = (e.data ?? {}) as { toStep?: string; comment?: string | null };
  return { to: data.toStep ? t(`steps.${data.toStep}`, { defaultValue: data.toStep }) : '—', comment: data.comment ?? '' };
}
