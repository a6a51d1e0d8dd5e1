// What-if on history (issue 16): how a policy decides each step of a contract whose inputs are
// recorded, without a workflow. The chain is walked as the workflow walks it (stages in order,
// a track's steps one after another) with the workflow's own pieces: the facts of step-facts.ts,
// the rule registry's evaluateStep, deriveFigures, botOf and roleNeeded. A bot is never run again:
// its recorded result (the customer record customer capture found) is an input. A person asked
// is assumed to approve, so the chain goes on to the steps after; what they really decided is the
// recorded side ("before", recordedVerdict), compared only on steps decided on both sides.
import { deriveFigures } from '../contract/derive';
import type { ClauseLibrary, ContractSubmission, CustomerRecord, Product } from '../contract/contract.types';
import { evaluateStep } from '../rules';
import { TIMEOUT_AUTO_APPROVED } from '../rules/rule-ids';
import { roleNeeded } from '../routing/delegation-eligibility';
import type { StepStatus } from './engine.types';
import { BOT_IDS, botOf } from './policy';
import { approversPlan, type StepApprovers } from './countersign';
import type { ChainPolicy, StepDefinition } from './policy.types';
import { deviationsBeforeStep, evaluationContext, type RevisionFacts } from './step-facts';

/**
 * How one step of one contract is decided:
 * - `automatic`: its rule or bot decided (approved, or returned the contract to the rep);
 * - `human`: a person was (or would be) asked, `role` says who;
 * - `skipped`: its rule found the step does not apply;
 * - `not_reached`: the chain stopped before it (a rejection, a return to the rep, a contract
 *   still running, or a bot whose result is not recorded).
 */
export type StepVerdictKind = 'automatic' | 'human' | 'skipped' | 'not_reached';

export interface StepVerdict {
  stepKey: string;
  kind: StepVerdictKind;
  /** automatic only. */
  outcome?: 'approve' | 'return_to_rep';
  /** human only: the role asked (`sales_manager` for the rep's manager). */
  role?: string;
  /** human only, when several people decide the step together (countersign.ts): how many tasks of `role`; absent: one. */
  tasks?: number;
  /** The rule or bot that decided (a timeout approval's rule on a human step). */
  ruleId?: string;
  reason?: string;
  /**
   * Recorded side only: the workflow has not reached the step yet (the contract is still running),
   * so this is its own policy's evaluation of what it will do, not a record.
   */
  expected?: boolean;
}

/** A contract's recorded inputs: what its rules read, and what its bots found. */
export interface RecordedInputs {
  contract: ContractSubmission;
  revision: number;
  /** ISO timestamp of the first submission. */
  submittedAt: string;
  submitterId: string;
  /** The catalogue entries of the contract's SKUs. */
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
  /** What customer capture's bot found (its recorded step inputs); absent when it never ran. */
  customer?: CustomerRecord;
}

const NOT_RECORDED = (key: string) => `The result of bot step ${key} is not recorded for this contract, so the steps after it cannot be evaluated`;

/**
 * Decides every step of `policy` for a contract with these inputs, in the policy's step order.
 * Pure. Throws only for policy bugs the workflow would also fail on (a rule step naming an
 * unknown rule), which validatePolicyDraft refuses before a draft is stored.
 */
export function evaluatePolicy(policy: ChainPolicy, inputs: RecordedInputs): StepVerdict[] {
  const defs = new Map(policy.steps.map((d) => [d.key, d]));
  const facts: RevisionFacts = {
    policy,
    contract: inputs.contract,
    revision: inputs.revision,
    submittedAt: inputs.submittedAt,
    submitterId: inputs.submitterId,
    products: inputs.products,
    clauseLibrary: inputs.clauseLibrary,
    derived: deriveFigures(inputs.contract, inputs.products),
  };
  const verdicts = new Map<string, StepVerdict>();
  let stop: string | null = null;
  for (const { tracks } of policy.stages) {
    for (const track of tracks) {
      for (const key of track) {
        if (stop !== null) {
          verdicts.set(key, { stepKey: key, kind: 'not_reached', reason: stop });
          continue;
        }
        const verdict = decideStep(defs.get(key)!, facts, inputs);
        verdicts.set(key, verdict);
        if (verdict.kind === 'not_reached') stop = verdict.reason!;
        else if (verdict.outcome === 'return_to_rep') stop = `The contract went back to the rep at ${key}`;
      }
    }
  }
  return policy.steps.map((d) => verdicts.get(d.key) ?? { stepKey: d.key, kind: 'not_reached', reason: `Step ${d.key} is in no stage` });
}

function decideStep(def: StepDefinition, facts: RevisionFacts, inputs: RecordedInputs): StepVerdict {
  const bot = botOf(def);
  if (def.mode === 'bot_activity') {
    if (bot === BOT_IDS.customerRegistryLookup) {
      if (!inputs.customer) return { stepKey: def.key, kind: 'not_reached', reason: NOT_RECORDED(def.key) };
      facts.customer = inputs.customer;
    }
    // A bot step is always approved by its bot (bot-registry.ts runBot).
    return { stepKey: def.key, kind: 'automatic', outcome: 'approve', ruleId: bot, reason: `Performed by bot ${bot ?? def.key}` };
  }
  facts.clauseDeviations = deviationsBeforeStep(def, facts.contract, facts.clauseLibrary, facts.clauseDeviations);
  const result = evaluateStep(def, evaluationContext(facts));
  const base = { stepKey: def.key, ruleId: result.ruleId, reason: result.reason };
  switch (result.outcome) {
    case 'approve':
      return { ...base, kind: 'automatic', outcome: 'approve' };
    case 'return_to_rep':
      return { ...base, kind: 'automatic', outcome: 'return_to_rep' };
    case 'skip':
      return { ...base, kind: 'skipped' };
    case 'human': {
      // A step several people decide together is a task each (countersign.ts), all in the step's role.
      const approvers = approversPlan(def, result.inputs, facts.submitterId);
      return { ...base, kind: 'human', role: def.assignee ? roleNeeded(def.assignee) : undefined, ...(approvers ? { tasks: approvers.userIds.length } : {}) };
    }
  }
}

/** A step as the workflow recorded it (a contract_steps row of the contract's current revision). */
export interface RecordedStep {
  key: string;
  status: StepStatus;
  decidedByKind: 'rule' | 'user' | null;
  decidedById: string | null;
  taskId: string | null;
  reason: string | null;
  /** The step's approvers when several people decided it together (contract_steps.approvers). */
  approvers?: StepApprovers | null;
}

/**
 * What the workflow decided for a step: a task (open or decided, also one approved on timeout)
 * is human; a rule's or bot's decision without a task is automatic; a pending step was not reached.
 * `def` is the step in the policy the contract ran under (for the role asked).
 */
export function recordedVerdict(step: RecordedStep | undefined, def: StepDefinition | undefined, key: string): StepVerdict {
  if (!step) return { stepKey: key, kind: 'not_reached', reason: `Step ${key} is not in the contract's chain` };
  const role = def?.assignee ? roleNeeded(def.assignee) : undefined;
  const base = { stepKey: key, reason: step.reason ?? undefined, ruleId: step.decidedByKind === 'rule' ? (step.decidedById ?? undefined) : undefined };
  const byRule = step.decidedByKind === 'rule' && step.taskId === null && step.decidedById !== TIMEOUT_AUTO_APPROVED;
  switch (step.status) {
    case 'pending':
    case 'in_progress':
      return { stepKey: key, kind: 'not_reached', reason: 'The chain did not reach the step' };
    case 'skipped':
      return { ...base, kind: 'skipped' };
    case 'auto_approved':
      return byRule ? { ...base, kind: 'automatic', outcome: 'approve' } : { ...base, kind: 'human', role };
    case 'changes_requested':
      return byRule ? { ...base, kind: 'automatic', outcome: 'return_to_rep' } : { ...base, kind: 'human', role };
    case 'waiting':
    case 'approved':
    case 'rejected':
      return { ...base, kind: 'human', role, ...(step.approvers ? { tasks: step.approvers.approvers.length } : {}) };
  }
}

/**
 * What the workflow decided, or for a running contract's steps it has not reached yet, what its
 * own policy will decide (`expected`; the evaluator agrees with the workflow on every recorded
 * step, which the what-if e2e test checks). A closed contract's unreached steps stay unreached.
 */
export function beforeVerdicts(
  recorded: ReadonlyMap<string, StepVerdict>,
  running: boolean,
  ownPolicy: () => StepVerdict[],
): Map<string, StepVerdict> {
  const out = new Map(recorded);
  if (!running) return out;
  for (const v of ownPolicy()) {
    const r = out.get(v.stepKey);
    if ((!r || r.kind === 'not_reached') && v.kind !== 'not_reached') out.set(v.stepKey, { ...v, expected: true });
  }
  return out;
}

/** A decision made (not `not_reached`). */
export const isDecided = (v: StepVerdict): boolean => v.kind !== 'not_reached';
/** No person needed: a rule or bot decided, or the step was skipped. */
export const isAutomatic = (v: StepVerdict): boolean => v.kind === 'automatic' || v.kind === 'skipped';

/** Two decisions differ: in kind, in a rule's outcome, or in the role asked. */
export function verdictsDiffer(a: StepVerdict, b: StepVerdict): boolean {
  return a.kind !== b.kind || a.outcome !== b.outcome || a.role !== b.role;
}

/**
 * For the simulator (FASTSIM): the roles a contract with these inputs reaches under `policy`, each
 * once, in step order; empty when rules and bots decide every step it reaches. A simulated
 * contract needs its customer's registry record as `inputs.customer` (what capture would find).
 */
export function humanRolesReached(policy: ChainPolicy, inputs: RecordedInputs): string[] {
  const roles = evaluatePolicy(policy, inputs).flatMap((v) => (v.kind === 'human' && v.role ? [v.role] : []));
  return [...new Set(roles)];
}
