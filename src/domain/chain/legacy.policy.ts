// The old process, 'legacy': 28 steps in strict sequence, every one decided by hand, including
// the duplicated data entry and re-approvals that the slim chain removed. Kept as data so the
// simulator can run both chains through the same engine and compare lead times.
import { RULE_IDS } from '../rules/rule-ids';
import { INPUT_KEYS, type ChainPolicy, type Role, type StepDefinition } from './policy.types';

const LEGACY_SLA_HOURS = 8;

/** [key, name, role] in the order the old process ran them. */
const LEGACY_STEPS: readonly (readonly [string, string, Role])[] = [
  ['crm_data_entry', 'CRM data entry', 'ops'],
  ['intake_review', 'Intake review', 'ops'],
  ['customer_master_data_entry', 'Customer master data entry', 'ops'],
  ['erp_data_entry', 'ERP data entry', 'ops'],
  ['credit_check', 'Credit check', 'credit_controller'],
  ['credit_reapproval', 'Credit re-approval', 'credit_controller'],
  ['compliance_screening', 'Compliance screening', 'compliance_officer'],
  ['clause_comparison', 'Clause comparison against templates', 'legal_counsel'],
  ['pricing_review', 'Pricing review', 'deal_desk'],
  ['discount_sign_off', 'Discount sign-off', 'deal_desk'],
  ['sales_manager_approval', 'Sales manager approval', 'sales_manager'],
  ['sales_director_sign_off', 'Sales director sign-off', 'regional_director'],
  ['legal_review', 'Legal review', 'legal_counsel'],
  ['legal_second_reading', 'Legal second reading', 'legal_counsel'],
  ['finance_review', 'Finance review', 'finance_controller'],
  ['finance_reapproval', 'Finance re-approval', 'finance_controller'],
  ['tax_review', 'Tax review', 'tax_specialist'],
  ['tax_double_check', 'Tax double check', 'tax_specialist'],
  ['delivery_review', 'Delivery review', 'operations_planner'],
  ['capacity_confirmation', 'Delivery capacity confirmation', 'operations_planner'],
  ['regional_director_approval', 'Regional director approval', 'regional_director'],
  ['executive_approval', 'Executive approval', 'executive'],
  ['contract_drafting', 'Contract drafting', 'legal_counsel'],
  ['contract_print_and_sign', 'Contract print and sign', 'ops'],
  ['contract_scan_and_archive', 'Contract scan and archive', 'ops'],
  ['order_entry', 'Order entry', 'ops'],
  ['order_double_check', 'Order double check', 'finance_controller'],
  ['order_confirmation', 'Order confirmation to customer', 'ops'],
];

// Every legacy step re-read the whole file, which is why any revision restarted the process.
const steps: StepDefinition[] = LEGACY_STEPS.map(([key, name, role], index) => ({
  key,
  number: index + 1,
  name,
  mode: 'rule',
  ruleId: RULE_IDS.legacyManual,
  assignee: { kind: 'role', role },
  params: {},
  slaBusinessHours: LEGACY_SLA_HOURS,
  autoApproveOnTimeout: false,
  inputs: [...INPUT_KEYS],
}));

export const LEGACY_POLICY: ChainPolicy = {
  chainId: 'legacy',
  version: 'legacy-2019',
  description:
    'Legacy chain (2019): 28 sequential manual steps with duplicated data entry and re-approvals; no reminders or escalations.',
  stages: steps.map((s) => ({ tracks: [[s.key]] })),
  steps,
  contractTargetHours: 72,
  // The old process had no automatic reminders or escalations: tasks waited until someone looked.
  escalationLevels: 0,
  reminderFractions: [],
};
