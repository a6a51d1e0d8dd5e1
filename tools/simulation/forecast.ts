// Which steps of a contract may ask a person, predicted from the submission by the domain's own
// rule functions (evaluateStep, deriveFigures, validateClauses: nothing copied), so that the
// simulator serialises only the actions that may really open a task of a shared role. Each step
// is one of:
// - `human`: certainly asks a person, and the track waits there (only the legacy chain's always-
//   manual rule, on a step whose earlier decision a revision cannot keep);
// - `maybe`: its rule asked a person given what is known here (the customer's registry record is
//   not: capture finds it while the workflow runs), or could not be evaluated;
// - `auto`: its rule or bot decides without anyone.
// The forecast only has to be a superset of what the workflow does: an `auto` that is really human
// only stops the track earlier than predicted. The simulator checks every task of a shared role
// the workflow opens against it (Simulation.checkForecast) and stops if one was not predicted.
import { deriveFigures } from '../../src/domain/contract/derive';
import type { ClauseLibrary, ContractSubmission, Product } from '../../src/domain/contract/contract.types';
import type { ChainPolicy, StepDefinition } from '../../src/domain/chain/policy.types';
import { validateClauses } from '../../src/domain/rules/clause-validation.rule';
import { evaluateStep } from '../../src/domain/rules';
import { RULE_IDS } from '../../src/domain/rules/rule-ids';
import { sharedRoleOf } from './shared-roles';

export type Reach = 'human' | 'maybe' | 'auto';

/** Reference data the rules read, as the workflow loads it from the database. */
export interface ForecastReference {
  products: Record<string, Product>;
  clauseLibrary: ClauseLibrary;
}

export interface ForecastInput {
  submission: ContractSubmission;
  revision: number;
  /** ISO timestamp of the first submission. */
  submittedAt: string;
  submitterId: string;
  /**
   * From the second revision: the steps whose previous decision the workflow may keep (approved or
   * skipped then, src/domain/chain/revision-keeping.ts); a kept step asks nobody. Absent: any may be.
   */
  mayKeep?: ReadonlySet<string>;
}

/** Step key -> how it is decided for this revision of the contract. */
export type Forecast = ReadonlyMap<string, Reach>;

export function forecastSteps(policy: ChainPolicy, input: ForecastInput, ref: ForecastReference): Forecast {
  const out = new Map<string, Reach>();
  let derived: ReturnType<typeof deriveFigures> | undefined;
  try {
    derived = deriveFigures(input.submission, ref.products);
  } catch {
    derived = undefined;
  }
  const validates = policy.steps.some((s) => s.mode !== 'bot_activity' && s.ruleId === RULE_IDS.clauseValidation);
  let deviations: ReturnType<typeof validateClauses> | undefined;
  try {
    deviations = validates ? validateClauses(input.submission.clauses, ref.clauseLibrary) : undefined;
  } catch {
    deviations = undefined;
  }
  for (const def of policy.steps) out.set(def.key, reachOf(def, policy, input, ref, derived, deviations));
  return out;
}

function reachOf(
  def: StepDefinition,
  policy: ChainPolicy,
  input: ForecastInput,
  ref: ForecastReference,
  derived: ReturnType<typeof deriveFigures> | undefined,
  clauseDeviations: ReturnType<typeof validateClauses> | undefined,
): Reach {
  // A bot performs its step and approves it; it never opens a task.
  if (def.mode === 'bot_activity') return 'auto';
  if (def.ruleId === RULE_IDS.legacyManual) return input.revision === 1 || (input.mayKeep && !input.mayKeep.has(def.key)) ? 'human' : 'maybe';
  if (!derived) return 'maybe';
  try {
    const { outcome } = evaluateStep(def, {
      policy,
      contract: input.submission,
      revision: input.revision,
      submittedAt: input.submittedAt,
      submitterId: input.submitterId,
      products: ref.products,
      clauseLibrary: ref.clauseLibrary,
      clauseDeviations,
      derived,
    });
    return outcome === 'human' ? 'maybe' : 'auto';
  } catch {
    return 'maybe';
  }
}

/**
 * The steps that may get a task when `key` is decided (null: when the revision starts), given the
 * forecast: the rest of its track up to the first step that certainly waits for a person, then, if
 * the track may finish, each later stage's tracks the same way, up to a stage that certainly waits.
 */
export function stepsOpenedAfter(policy: ChainPolicy, forecast: Forecast, key: string | null): string[] {
  const out: string[] = [];
  /** Walks a list of steps; true when it certainly stops at a person. */
  const walk = (keys: readonly string[]): boolean => {
    for (const k of keys) {
      const reach = forecast.get(k) ?? 'maybe';
      if (reach === 'auto') continue;
      out.push(k);
      if (reach === 'human') return true;
    }
    return false;
  };
  let stage = 0;
  if (key !== null) {
    stage = policy.stages.findIndex((s) => s.tracks.some((t) => t.includes(key)));
    if (stage < 0) throw new Error(`step ${key} is in no stage of ${policy.version}`);
    const track = policy.stages[stage].tracks.find((t) => t.includes(key))!;
    if (walk(track.slice(track.indexOf(key) + 1))) return out;
    stage += 1;
  }
  for (; stage < policy.stages.length; stage++) {
    let waits = false;
    for (const track of policy.stages[stage].tracks) if (walk(track)) waits = true;
    if (waits) break;
  }
  return out;
}

/** The shared roles (more than one member) among the steps `key`'s decision may open. */
export function sharedRolesOpenedAfter(policy: ChainPolicy, forecast: Forecast, key: string | null, multiMemberRoles: ReadonlySet<string>): string[] {
  const defs = new Map(policy.steps.map((s) => [s.key, s]));
  const roles = stepsOpenedAfter(policy, forecast, key).map((k) => sharedRoleOf(defs.get(k)!, multiMemberRoles));
  return [...new Set(roles.filter((r): r is string => r !== null))].sort();
}
