// Complete validation of a policy draft before it may become a version: every step is one the
// engine runs (its key, mode, rule or bot, and inputs as the engine binds them), every param a
// rule reads is present and in range, no param is one no rule reads, every assignee role exists,
// the chain's bots are all present, and the stage grouping covers each step once in an order the
// engine supports. Pure: the API answers each problem as a 400 field error ({ field, rule }),
// the field a JSON path into the draft such as steps[5].params.maxDiscountPercent.
import { AUTOMATIC_RULE_IDS } from '../rules/rule-ids';
import { BOT_IDS, botOf } from './policy';
import { ccSpecProblems } from './cc';
import { returnToProblems } from './return-to-step';
import { approversSpecProblems } from './countersign';
import { repeatedApproverProblems } from './repeated-approver';
import { INPUT_KEYS, ROLES, STEP_KEYS, type ChainPolicy, type StepDefinition, type StepKey } from './policy.types';
import { SLIM_POLICY } from './slim.policy';
import { revisionTimeoutProblems } from '../sla/revision-timeout';

export interface PolicyProblem {
  /** JSON path into the draft, e.g. 'steps[5].params.maxDiscountPercent' or 'stages'. */
  field: string;
  /** Short machine name of the rule broken, e.g. 'range', 'unknown_role'. */
  rule: string;
  message: string;
}

/** Roles a human step may be assigned to: every role but the rep (who submits) and the policy admin (who edits). */
export const ASSIGNABLE_ROLES: readonly string[] = ROLES.filter((r) => r !== 'rep' && r !== 'policy_admin');

/** Upper bound of a step's SLA in business hours (four working weeks). */
export const MAX_SLA_BUSINESS_HOURS = 160;

type ParamSpec =
  | { kind: 'number'; min: number; max: number; integer?: boolean; minExclusive?: boolean; optional?: boolean }
  | { kind: 'string'; optional?: boolean }
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'currencies' }
  | { kind: 'timeZone' };

const PERCENT: ParamSpec = { kind: 'number', min: 0, max: 100 };
const AMOUNT: ParamSpec = { kind: 'number', min: 0, max: 1e12, minExclusive: true };
const SIMILARITY: ParamSpec = { kind: 'number', min: 0, max: 1, minExclusive: true, optional: true };
const CLAUSE_COMPARISON: ParamSpec = { kind: 'enum', values: ['exact', 'meaning'], optional: true };

/** Every param each engine step's rule reads (src/domain/rules/*.rule.ts), with its range. */
export const STEP_PARAM_SPECS: Readonly<Record<StepKey, Readonly<Record<string, ParamSpec>>>> = {
  intake_check: { amountTolerance: { kind: 'number', min: 0, max: 100 }, allowedCurrencies: { kind: 'currencies' }, timeZone: { kind: 'timeZone' } },
  customer_capture: {},
  credit_check: { maxOverdueDays: { kind: 'number', min: 0, max: 365, integer: true }, duplicateNameThreshold: SIMILARITY },
  compliance_screening: { dataProtectionClauseKey: { kind: 'string' }, nameMatchThreshold: SIMILARITY },
  clause_validation: { clauseComparison: CLAUSE_COMPARISON },
  pricing_review: { maxDiscountPercent: PERCENT },
  sales_manager_approval: { maxAmount: AMOUNT, maxDiscountPercent: PERCENT, clauseComparison: CLAUSE_COMPARISON },
  legal_review: { clauseComparison: CLAUSE_COMPARISON },
  finance_review: { maxPaymentTermsDays: { kind: 'number', min: 0, max: 365, integer: true }, maxAmount: AMOUNT },
  tax_review: {},
  delivery_review: { timeZone: { kind: 'timeZone' } },
  regional_director_approval: { minAmount: AMOUNT, minDiscountPercent: PERCENT },
  executive_approval: { minAmount: AMOUNT, minDiscountPercent: PERCENT },
  contract_generation: {},
  order_creation: {},
};

/** How the engine binds each step: mode, rule or bot, inputs (from the shipped slim chain). */
const ENGINE_STEPS = new Map<StepKey, StepDefinition>(SLIM_POLICY.steps.map((s) => [s.key, s]));

export function validatePolicyDraft(policy: ChainPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });

  if (policy.chainId !== 'slim') add('chainId', 'known_chain', `The engine runs chain 'slim' only, not '${String(policy.chainId)}'`);
  if (typeof policy.description !== 'string' || !policy.description.trim()) add('description', 'required', 'A description is required');
  if (!(Number.isFinite(policy.contractTargetHours) && policy.contractTargetHours > 0)) add('contractTargetHours', 'range', 'Must be a number of hours above 0');
  if (!(Number.isInteger(policy.escalationLevels) && policy.escalationLevels >= 0 && policy.escalationLevels <= 2)) {
    add('escalationLevels', 'range', 'Must be an integer from 0 to 2');
  }
  if (!Array.isArray(policy.reminderFractions)) add('reminderFractions', 'type', 'Must be a list of fractions');
  else {
    policy.reminderFractions.forEach((f, i) => {
      if (!(typeof f === 'number' && f > 0 && f < 1)) add(`reminderFractions[${i}]`, 'range', 'Must be a fraction between 0 and 1 (exclusive)');
      else if (i > 0 && !(f > policy.reminderFractions[i - 1])) add(`reminderFractions[${i}]`, 'ascending', 'Fractions must ascend');
    });
  }

  const steps = Array.isArray(policy.steps) ? policy.steps : [];
  if (!Array.isArray(policy.steps)) add('steps', 'type', 'Must be a list of steps');
  const seen = new Set<StepKey>();
  steps.forEach((step, i) => validateStep(step, i, seen, add));
  steps.forEach((step, i) => {
    if (step && typeof step === 'object' && ENGINE_STEPS.has(step.key)) for (const p of returnToProblems(policy, step, `steps[${i}]`)) add(p.field, p.rule, p.message);
  });
  for (const key of STEP_KEYS) if (!seen.has(key)) add('steps', 'required_step', `Step '${key}' is missing: the engine runs every step of the slim chain`);
  const bots = new Set(steps.map((s) => botOf(s)).filter(Boolean));
  for (const bot of Object.values(BOT_IDS)) if (!bots.has(bot)) add('steps', 'bots_present', `No step runs bot '${bot}'`);

  validateStages(policy, seen, add);
  for (const p of revisionTimeoutProblems(policy.revisionTimeout)) add(p.field, p.rule, p.message);
  for (const p of repeatedApproverProblems(policy.repeatedApprover)) add(p.field, p.rule, p.message);
  return problems;
}

function validateStep(step: StepDefinition, i: number, seen: Set<StepKey>, add: (field: string, rule: string, message: string) => void): void {
  const at = `steps[${i}]`;
  const engine = ENGINE_STEPS.get(step.key);
  if (!engine) {
    add(`${at}.key`, 'known_step', `'${String(step.key)}' is not a step the engine runs (${STEP_KEYS.join(', ')})`);
    return;
  }
  if (seen.has(step.key)) add(`${at}.key`, 'unique', `Step '${step.key}' is defined twice`);
  seen.add(step.key);
  if (step.number !== i + 1) add(`${at}.number`, 'sequence', `Must be ${i + 1} (its position)`);
  if (typeof step.name !== 'string' || !step.name.trim()) add(`${at}.name`, 'required', 'A name is required');
  if (step.mode !== engine.mode) add(`${at}.mode`, 'engine_binding', `Step '${step.key}' is a ${engine.mode} step in the engine`);
  if (step.ruleId !== engine.ruleId) add(`${at}.ruleId`, 'engine_binding', `Step '${step.key}' is decided by rule '${engine.ruleId ?? '(none)'}'`);
  if (step.bot !== engine.bot) add(`${at}.bot`, 'engine_binding', `Step '${step.key}' is run by bot '${engine.bot ?? '(none)'}'`);
  const inputs = Array.isArray(step.inputs) ? step.inputs : [];
  if (inputs.some((k) => !(INPUT_KEYS as readonly string[]).includes(k)) || [...inputs].sort().join() !== [...engine.inputs].sort().join()) {
    add(`${at}.inputs`, 'engine_binding', `Step '${step.key}' reads ${engine.inputs.join(', ')}`);
  }

  const specs = STEP_PARAM_SPECS[step.key] ?? {};
  const params = step.params && typeof step.params === 'object' ? step.params : {};
  for (const name of Object.keys(params)) if (!(name in specs)) add(`${at}.params.${name}`, 'unknown_param', `No rule of step '${step.key}' reads '${name}'`);
  for (const [name, spec] of Object.entries(specs)) {
    const problem = paramProblem(spec, params[name]);
    if (problem) add(`${at}.params.${name}`, problem.rule, problem.message);
  }

  const canNeedPerson = step.mode === 'rule' && !!step.ruleId && !AUTOMATIC_RULE_IDS.includes(step.ruleId);
  if (canNeedPerson) {
    if (!(Number.isFinite(step.slaBusinessHours) && step.slaBusinessHours > 0 && step.slaBusinessHours <= MAX_SLA_BUSINESS_HOURS)) {
      add(`${at}.slaBusinessHours`, 'range', `A step a person may decide needs an SLA above 0 and at most ${MAX_SLA_BUSINESS_HOURS} business hours`);
    }
    const a = step.assignee;
    if (!a) add(`${at}.assignee`, 'required', 'A step a person may decide needs an assignee');
    else if (a.kind === 'role') {
      if (!ASSIGNABLE_ROLES.includes(a.role)) add(`${at}.assignee.role`, 'unknown_role', `Must be one of ${ASSIGNABLE_ROLES.join(', ')}`);
    } else if (a.kind !== 'submitter_manager') add(`${at}.assignee.kind`, 'enum', "Must be 'role' or 'submitter_manager'");
  } else {
    if (step.slaBusinessHours !== 0) add(`${at}.slaBusinessHours`, 'no_person', `Step '${step.key}' never asks a person: its SLA is 0`);
    if (step.assignee !== undefined) add(`${at}.assignee`, 'no_person', `Step '${step.key}' never asks a person: it has no assignee`);
  }
  if (step.cc !== undefined) for (const p of ccSpecProblems(step.cc)) add(`${at}.cc${p.path}`, p.rule, p.message);
  if (step.approvers !== undefined) {
    if (!canNeedPerson) add(`${at}.approvers`, 'no_person', `Step '${step.key}' never asks a person: nobody approves it`);
    else for (const p of approversSpecProblems(step.approvers)) add(`${at}.approvers${p.path}`, p.rule, p.message);
  }
  if (typeof step.autoApproveOnTimeout !== 'boolean') add(`${at}.autoApproveOnTimeout`, 'type', 'Must be true or false');
  else if (step.autoApproveOnTimeout && !canNeedPerson) add(`${at}.autoApproveOnTimeout`, 'no_person', `Step '${step.key}' has no task to time out`);
}

function paramProblem(spec: ParamSpec, value: unknown): { rule: string; message: string } | null {
  if (value === undefined) return 'optional' in spec && spec.optional ? null : { rule: 'required', message: 'The rule reads this param' };
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { rule: 'type', message: 'Must be a number' };
      if (spec.integer && !Number.isInteger(value)) return { rule: 'integer', message: 'Must be a whole number' };
      const aboveMin = spec.minExclusive ? value > spec.min : value >= spec.min;
      if (!aboveMin || value > spec.max) {
        return { rule: 'range', message: `Must be ${spec.minExclusive ? 'above' : 'at least'} ${spec.min} and at most ${spec.max}` };
      }
      return null;
    }
    case 'string':
      return typeof value === 'string' && value.trim() ? null : { rule: 'type', message: 'Must be a non-empty string' };
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : { rule: 'enum', message: `Must be one of ${spec.values.join(', ')}` };
    case 'currencies':
      if (!Array.isArray(value) || value.length === 0) return { rule: 'type', message: 'Must be a non-empty list of currency codes' };
      if (value.some((c) => typeof c !== 'string' || !/^[A-Z]{3}$/.test(c))) return { rule: 'format', message: 'Each currency must be an ISO 4217 code (3 capital letters)' };
      if (new Set(value).size !== value.length) return { rule: 'unique', message: 'Currencies must not repeat' };
      return null;
    case 'timeZone':
      return typeof value === 'string' && isTimeZone(value) ? null : { rule: 'time_zone', message: 'Must be an IANA time zone, e.g. Asia/Shanghai' };
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The orders the engine supports: intake first and alone; the closing bots (document, then order)
 * last, each alone in its stage; every other step after what it reads (customer capture before
 * the steps reading the customer record, clause validation before those reading its deviations).
 */
function validateStages(policy: ChainPolicy, defined: Set<StepKey>, add: (field: string, rule: string, message: string) => void): void {
  if (!Array.isArray(policy.stages) || policy.stages.length === 0) {
    add('stages', 'required', 'At least one stage is required');
    return;
  }
  const position = new Map<StepKey, [stage: number, track: number, index: number]>();
  policy.stages.forEach((stage, s) => {
    if (!Array.isArray(stage?.tracks) || stage.tracks.length === 0) return add(`stages[${s}].tracks`, 'required', 'A stage needs at least one track');
    stage.tracks.forEach((track, t) => {
      if (!Array.isArray(track) || track.length === 0) return add(`stages[${s}].tracks[${t}]`, 'required', 'A track needs at least one step');
      track.forEach((key, k) => {
        const field = `stages[${s}].tracks[${t}][${k}]`;
        if (!defined.has(key)) add(field, 'known_step', `'${String(key)}' is not a step of this policy`);
        else if (position.has(key)) add(field, 'once', `Step '${key}' is already in stage ${position.get(key)![0] + 1}`);
        else position.set(key, [s, t, k]);
      });
    });
  });
  for (const key of defined) if (!position.has(key)) add('stages', 'covers_each_step', `Step '${key}' is in no stage`);

  const alone = (key: StepKey, stage: number) => {
    const tracks = policy.stages[stage]?.tracks ?? [];
    return tracks.length === 1 && tracks[0].length === 1 && tracks[0][0] === key;
  };
  const last = policy.stages.length - 1;
  const expect = (key: StepKey, stage: number, where: string) => {
    const at = position.get(key);
    if (at && (at[0] !== stage || !alone(key, stage))) add(`stages[${at[0]}]`, 'order', `Step '${key}' must be alone in the ${where} stage`);
  };
  expect('intake_check', 0, 'first');
  expect('order_creation', last, 'last');
  expect('contract_generation', last - 1, 'second-to-last');

  const before = (a: [number, number, number], b: [number, number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] === b[1] && a[2] < b[2]);
  const readersOf: [producer: StepKey, input: string][] = [
    ['customer_capture', 'customerRecord'],
    ['clause_validation', 'clauseDeviations'],
  ];
  for (const step of policy.steps ?? []) {
    const at = position.get(step.key);
    if (!at) continue;
    for (const [producer, input] of readersOf) {
      const from = position.get(producer);
      if (from && step.key !== producer && (step.inputs ?? []).includes(input as never) && !before(from, at)) {
        add(`stages[${at[0]}]`, 'order', `Step '${step.key}' reads ${input}, so it must come after '${producer}'`);
      }
    }
  }
}
