// The question what-if and its background simulation share: a draft or a version (exactly one)
// over a window of submissions [from, to), at most WHAT_IF_MAX_WINDOW_DAYS long.
import type { FieldError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { WHAT_IF_MAX_WINDOW_DAYS } from './policy.dto';

const DAY_MS = 86_400_000;

/** The window, or a 400 naming the field: exactly one of draftId and version; from < to, at most WHAT_IF_MAX_WINDOW_DAYS apart. */
export function checkWhatIfWindow(body: { draftId?: string; version?: string; from: string; to: string }): { from: Date; to: Date } {
  const errors: FieldError[] = [];
  if ((body.draftId === undefined) === (body.version === undefined)) {
    errors.push({ field: 'draftId', rule: 'one_of', message: 'Give exactly one of draftId and version' });
  }
  const from = new Date(body.from);
  const to = new Date(body.to);
  if (to.getTime() <= from.getTime()) errors.push({ field: 'to', rule: 'after_from', message: `to must be after from (${body.from})` });
  else if (to.getTime() - from.getTime() > WHAT_IF_MAX_WINDOW_DAYS * DAY_MS) {
    errors.push({ field: 'to', rule: 'max_window', message: `The window from from to to may span at most ${WHAT_IF_MAX_WINDOW_DAYS} days` });
  }
  if (errors.length) throw validationFailed(errors);
  return { from, to };
}
