// Step 11, delivery_review: operations plans only deliveries requested sooner than the longest
// product lead time allows, counted from the submission date in the organisation's calendar.
import { addDays, isIsoDate, localDateOf } from '../sla/local-date';
import { RULE_IDS } from './rule-ids';
import { stringParam } from './params';
import type { Rule } from './rule.types';

export const deliveryReviewRule: Rule = (step, ctx) => {
  const timeZone = stringParam(step, 'timeZone');
  const submissionDate = localDateOf(ctx.submittedAt, timeZone);
  const leadTimeDays = ctx.derived.maxLeadTimeDays;
  const earliestDeliveryDate = addDays(submissionDate, leadTimeDays);
  const requested = ctx.contract.requestedDeliveryDate;
  const inputs = { requestedDeliveryDate: requested, submissionDate, maxLeadTimeDays: leadTimeDays, earliestDeliveryDate, timeZone };
  const problem = !isIsoDate(requested)
    ? `Requested delivery date '${String(requested)}' is not a valid date`
    : requested < earliestDeliveryDate
      ? `Requested delivery ${requested} is before the earliest feasible date ${earliestDeliveryDate} (submitted ${submissionDate} + ${leadTimeDays} days lead time)`
      : undefined;
  if (problem) return { outcome: 'human', ruleId: RULE_IDS.deliveryReview, reason: problem, inputs, problems: [problem] };
  return {
    outcome: 'approve',
    ruleId: RULE_IDS.deliveryReview,
    reason: `Requested delivery ${requested} is on or after ${earliestDeliveryDate} (submitted ${submissionDate} + ${leadTimeDays} days lead time)`,
    inputs,
  };
};
