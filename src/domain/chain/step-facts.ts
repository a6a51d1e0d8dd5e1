// The facts a rule step is decided on, assembled one way for the workflow (chain-runner.ts) and for
// the what-if evaluator (what-if.ts): the revision's submission and reference data, the bots' results
// so far, and the clause deviations the clause-validation step establishes for the later reviews.
import type { ClauseDeviation, ClauseLibrary, ContractSubmission, CustomerRecord, DerivedFigures, Product } from '../contract/contract.types';
import { validateClauses } from '../rules/clause-validation.rule';
import { RULE_IDS } from '../rules/rule-ids';
import type { EvaluationContext } from '../rules/rule.types';
import type { ChainPolicy, StepDefinition } from './policy.types';

/** What a revision's rule steps read; `customer` once customer capture ran, `clauseDeviations` once clause validation did. */
export interface RevisionFacts {
  policy: ChainPolicy;
  contract: ContractSubmission;
  revision: number;
  /** ISO timestamp of the first submission. */
  submittedAt: string;
  submitterId: string;
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
  customer?: CustomerRecord;
  clauseDeviations?: ClauseDeviation[];
  derived: DerivedFigures;
}

/**
 * The clause deviations in force when `def`'s rule runs: the step whose rule validates clauses
 * finds them (a fact of the revision the later reviews read); any other step reads `current`.
 */
export function deviationsBeforeStep(
  def: StepDefinition,
  contract: ContractSubmission,
  clauseLibrary: ClauseLibrary,
  current: ClauseDeviation[] | undefined,
): ClauseDeviation[] | undefined {
  return def.ruleId === RULE_IDS.clauseValidation ? validateClauses(contract.clauses, clauseLibrary) : current;
}

/** Everything a rule may read, from the revision's facts. */
export function evaluationContext(f: RevisionFacts): EvaluationContext {
  return {
    policy: f.policy,
    contract: f.contract,
    revision: f.revision,
    submittedAt: f.submittedAt,
    submitterId: f.submitterId,
    products: f.products,
    clauseLibrary: f.clauseLibrary,
    customer: f.customer,
    clauseDeviations: f.clauseDeviations,
    derived: f.derived,
  };
}
