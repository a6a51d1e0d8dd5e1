// The routing preview: walks a policy over a submission the way the workflow's chain runner does
// (workflows/contract-approval/chain-runner.ts) — stages in order, the tracks of a stage, the steps
// of a track — with the same pure rules (evaluateStep) on the same evaluation context, and says for
// each step whether a rule decides it, a person must, or it does not apply. Pure: the caller reads
// the reference data (products, clause library, the registry's customer record) and passes it in.
// Where the workflow would wait for a person, the preview assumes the person approves and goes on,
// so the rep sees every step that will need someone; a return to the rep stops it, as it stops the
// chain.
import { botOf, BOT_IDS } from '../domain/chain/policy';
import type { ChainPolicy, StepDefinition } from '../domain/chain/policy.types';
import type { ClauseDeviation, ClauseLibrary, ContractSubmission, CustomerRecord, Product } from '../domain/contract/contract.types';
import { deriveFigures } from '../domain/contract/derive';
import { evaluateStep, RULE_IDS } from '../domain/rules';
import { validateClauses } from '../domain/rules/clause-validation.rule';
import type { EvaluationContext, RuleOutcome } from '../domain/rules/rule.types';

/**
 * - automatic: a rule approves it, or a bot performs it;
 * - person: its assignee must decide (the preview assumes approval and goes on);
 * - skipped: it does not apply to this contract;
 * - returned: its rule sends the contract back to the rep (the chain stops here);
 * - not_reached: after a return to the rep, the chain does not get this far.
 */
export type PreviewMode = 'automatic' | 'person' | 'skipped' | 'returned' | 'not_reached';
export const PREVIEW_MODES: readonly PreviewMode[] = ['automatic', 'person', 'skipped', 'returned', 'not_reached'];

export interface PreviewStep {
  key: string;
  number: number;
  name: string;
  /** 1-based stage of the policy; steps of one stage run in parallel tracks. */
  stage: number;
  mode: PreviewMode;
  /** The rule's outcome, 'bot' for a bot step, null when not reached. */
  outcome: RuleOutcome | 'bot' | null;
  /** The rule (or bot) that decided; null when not reached. */
  ruleId: string | null;
  reason: string;
  /** Who decides when a person must: a role, or 'submitter_manager'; null for bot steps. */
  assigneeRole: string | null;
  /** For person and returned: the individual problems the rule found. */
  problems: string[];
}

export interface RoutingPreview {
  policyVersion: string;
  steps: PreviewStep[];
  summary: Record<PreviewMode, number>;
}

export interface PreviewInput {
  policy: ChainPolicy;
  submission: ContractSubmission;
  /** The catalogue entries of the submission's SKUs. */
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
  /** What customer capture would find: the registry's record, or a new one with credit limit 0. */
  customer: CustomerRecord;
  submittedAt: string;
  submitterId: string;
}

export function previewRouting(input: PreviewInput): RoutingPreview {
  const { policy, submission } = input;
  const defs = new Map(policy.steps.map((s) => [s.key, s]));
  const derived = deriveFigures(submission, input.products);
  let customer: CustomerRecord | undefined;
  let deviations: ClauseDeviation[] | undefined;
  let returned = false;
  const steps: PreviewStep[] = [];

  const context = (): EvaluationContext => ({
    policy,
    contract: submission,
    revision: 1,
    submittedAt: input.submittedAt,
    submitterId: input.submitterId,
    products: input.products,
    clauseLibrary: input.clauseLibrary,
    customer,
    clauseDeviations: deviations,
    derived,
  });

  for (const [index, stage] of policy.stages.entries()) {
    for (const track of stage.tracks) {
      for (const key of track) {
        const def = defs.get(key);
        if (!def) throw new Error(`Policy ${policy.version} names step ${key} in a stage but does not define it`);
        const base = { key, number: def.number, name: def.name, stage: index + 1, assigneeRole: assigneeRoleOf(def) };
        if (returned) {
          steps.push({ ...base, mode: 'not_reached', outcome: null, ruleId: null, reason: 'Not reached: the contract goes back to the rep first', problems: [] });
          continue;
        }
        if (def.mode === 'bot_activity') {
          const bot = botOf(def) ?? def.key;
          if (bot === BOT_IDS.customerRegistryLookup) customer = input.customer;
          steps.push({ ...base, assigneeRole: null, mode: 'automatic', outcome: 'bot', ruleId: bot, reason: botReason(bot, input.customer), problems: [] });
          continue;
        }
        if (def.ruleId === RULE_IDS.clauseValidation) deviations = validateClauses(submission.clauses, input.clauseLibrary);
        const result = evaluateStep(def, context());
        const mode: PreviewMode = { approve: 'automatic', skip: 'skipped', human: 'person', return_to_rep: 'returned' }[result.outcome] as PreviewMode;
        steps.push({ ...base, mode, outcome: result.outcome, ruleId: result.ruleId, reason: result.reason, problems: result.problems ?? [] });
        if (result.outcome === 'return_to_rep') returned = true;
      }
    }
  }
  const summary = Object.fromEntries(PREVIEW_MODES.map((m) => [m, steps.filter((s) => s.mode === m).length])) as Record<PreviewMode, number>;
  return { policyVersion: policy.version, steps, summary };
}

function assigneeRoleOf(def: StepDefinition): string | null {
  if (!def.assignee) return null;
  return def.assignee.kind === 'role' ? def.assignee.role : 'submitter_manager';
}

function botReason(bot: string, customer: CustomerRecord): string {
  switch (bot) {
    case BOT_IDS.customerRegistryLookup:
      return customer.created
        ? `Customer ${customer.registrationNumber} is not in the registry: a new record will be created with credit limit 0`
        : `${customer.name} (${customer.registrationNumber}) is in the registry`;
    case BOT_IDS.renderContractDocument:
      return 'The final contract document is rendered automatically';
    case BOT_IDS.createErpOrder:
      return 'The sales order is created automatically';
    default:
      return `Performed by bot ${bot}`;
  }
}
