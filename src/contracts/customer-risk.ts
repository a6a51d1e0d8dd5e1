// What a contract shows of its customer's risk data (the rule: src/domain/routing/customer-risk.ts):
// the steps that read it keep their outcome and who or what decided, not the figures behind it.
import type { AuthUser } from '../directory/auth';
import { withholdsCustomerRisk as withholds } from '../domain/routing/customer-risk';

export const WITHHELD_REASON = "Decided on the customer's credit and screening data, shown to ops, credit, compliance and finance only";

export function withholdsCustomerRisk(user: AuthUser, stepKey: string | null | undefined): boolean {
  return withholds(user.roles, stepKey);
}

/** An audit event's data as this viewer may see it: risk steps keep only what decided, not why. */
export function visibleEventData(user: AuthUser, stepKey: string | null, data: Record<string, unknown>): Record<string, unknown> {
  if (!withholdsCustomerRisk(user, stepKey)) return data;
  const kept = Object.fromEntries(Object.entries(data).filter(([k]) => ['ruleId', 'policyVersion', 'taskId', 'decision', 'status', 'decidedBy', 'keptFromRevision'].includes(k)));
  return { ...kept, withheld: WITHHELD_REASON };
}
