// What every rule returns: an outcome and the reason for it, so each decision can be explained.
import type { ChainPolicy, StepDefinition } from '../chain/policy.types';
import type {
  ClauseDeviation,
  ClauseLibrary,
  ContractSubmission,
  CustomerRecord,
  DerivedFigures,
  Product,
} from '../contract/contract.types';

/**
 * - `approve`: decided automatically.
 * - `human`: needs the step's assignee.
 * - `skip`: the step does not apply to this contract (e.g. no regional director needed).
 * - `return_to_rep`: the contract goes back to the rep as `changes_requested` (intake problems).
 */
export type RuleOutcome = 'approve' | 'human' | 'skip' | 'return_to_rep';

export interface RuleResult {
  outcome: RuleOutcome;
  ruleId: string;
  /** One line a person can read. */
  reason: string;
  /** The values the rule looked at, by name, as recorded in the step history. */
  inputs: Record<string, unknown>;
  /** For `return_to_rep` and `human`: the individual problems found, one line each. */
  problems?: string[];
  /** Only from `clause_validation`: the deviations found, which the workflow records so later steps read them. */
  clauseDeviations?: ClauseDeviation[];
}

/** Everything a rule may read. Built by the workflow from the submission and the bots' results. */
export interface EvaluationContext {
  policy: ChainPolicy;
  contract: ContractSubmission;
  revision: number;
  /** ISO timestamp of the first submission. */
  submittedAt: string;
  submitterId: string;
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
  /** Present once customer_capture has run. */
  customer?: CustomerRecord;
  /** Present once clause_validation has run. */
  clauseDeviations?: ClauseDeviation[];
  derived: DerivedFigures;
}

export type Rule = (step: StepDefinition, ctx: EvaluationContext) => RuleResult;
