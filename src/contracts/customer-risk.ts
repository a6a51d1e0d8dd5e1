// What a contract shows of its customer's risk data. Credit limits, balances, overdue days and
// denied-party screening are for the roles that work with them (CUSTOMER_RISK_ROLES, the same as
// /api/customers); everyone else who may see the contract sees these steps' outcome and who or
// what decided, but not the figures behind it, in the contract view and in its history alike.
import type { AuthUser } from '../directory/auth';
import { seesCustomerRisk } from '../reference/reference.controller';

/** Steps whose reason, inputs and problems quote the customer's credit or screening data. */
export const CUSTOMER_RISK_STEPS: ReadonlySet<string> = new Set(['customer_capture', 'credit_check', 'compliance_screening']);

export const WITHHELD_REASON = "Decided on the customer's credit and screening data, shown to ops, credit, compliance and finance only";

export function withholdsCustomerRisk(user: AuthUser, stepKey: string | null | undefined): boolean {
  return !!stepKey && CUSTOMER_RISK_STEPS.has(stepKey) && !seesCustomerRisk(user);
}

/** An audit event's data as this viewer may see it: risk steps keep only what decided, not why. */
export function visibleEventData(user: AuthUser, stepKey: string | null, data: Record<string, unknown>): Record<string, unknown> {
  if (!withholdsCustomerRisk(user, stepKey)) return data;
  const kept = Object.fromEntries(Object.entries(data).filter(([k]) => ['ruleId', 'policyVersion', 'taskId', 'decision', 'status', 'decidedBy', 'keptFromRevision'].includes(k)));
  return { ...kept, withheld: WITHHELD_REASON };
}
