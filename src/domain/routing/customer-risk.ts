// Who sees a customer's risk data: credit limit, balance, overdue days and denied-party
// screening. The roles that work with it do; everyone else sees who the customer is and what
// the steps that read this data decided, not the figures behind it (in /api/customers, in a
// contract's steps and in its history alike).

/** Roles that see a customer's credit and screening data. */
export const CUSTOMER_RISK_ROLES = ['ops', 'credit_controller', 'compliance_officer', 'finance_controller'] as const;

/** Steps whose reason, inputs and problems quote the customer's credit or screening data. */
export const CUSTOMER_RISK_STEPS: ReadonlySet<string> = new Set(['customer_capture', 'credit_check', 'compliance_screening']);

export function seesCustomerRisk(roles: readonly string[]): boolean {
  return roles.some((r) => (CUSTOMER_RISK_ROLES as readonly string[]).includes(r));
}

/** Whether this step's reasons and inputs are withheld from someone with these roles. */
export function withholdsCustomerRisk(roles: readonly string[], stepKey: string | null | undefined): boolean {
  return !!stepKey && CUSTOMER_RISK_STEPS.has(stepKey) && !seesCustomerRisk(roles);
}
