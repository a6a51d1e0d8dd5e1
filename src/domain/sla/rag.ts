// A contract's overall timing against its target, as red / amber / green. Wall-clock hours,
// not business hours: the target is a promise to the customer. Time the contract spent back
// with the rep (changes requested) does not count against the approvers.
//
// One definition, two evaluators: computeContractTiming for a contract in hand, and ragSql for
// filtering lists in PostgreSQL. ragSql is generated here from the same constants and the same
// formula (not re-written by hand in a service), and test/sla/rag-sql.int-spec.ts checks that
// both answer alike on a table of cases, boundaries included, through a real PostgreSQL. Storing
// the colour instead would not do: it changes with the clock, with nothing written.
import { round2 } from '../contract/derive';

export type Rag = 'green' | 'amber' | 'red';

export interface ContractTimingInput {
  submittedAt: Date | string;
  completedAt?: Date | string;
  now: Date | string;
  targetHours: number;
  /** Total time spent waiting for the rep's revisions (periods that ended). */
  reworkMs: number;
  /** The start of a wait for the rep's revision still under way: it counts up to `now`. */
  reworkSince?: Date | string | null;
  /** True when any step's task passed its SLA; a contract on time overall is then still amber. */
  anyStepBreached: boolean;
}

export interface ContractTiming {
  elapsedHours: number;
  targetHours: number;
  dueAt: string;
  rag: Rag;
  reworkHours: number;
}

export const HOUR_MS = 3_600_000;
/**
 * Amber starts once two thirds of the target are used. Kept as a fraction and compared as
 * elapsed × 3 > target × 2, so the TypeScript and the SQL agree exactly at the boundary
 * (target × (2/3) in floating point lands a hair below it).
 */
export const AMBER_FRACTION = { numerator: 2, denominator: 3 } as const;

function toMs(value: Date | string, label: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new Error(`${label} is not a valid instant: ${String(value)}`);
  return ms;
}

/** The colour, from the time that counts and the target, both in milliseconds. */
export function ragOf(elapsedMs: number, targetMs: number, anyStepBreached: boolean): Rag {
  if (elapsedMs > targetMs) return 'red';
  if (elapsedMs * AMBER_FRACTION.denominator > targetMs * AMBER_FRACTION.numerator || anyStepBreached) return 'amber';
  return 'green';
}

export function computeContractTiming(input: ContractTimingInput): ContractTiming {
  const submitted = toMs(input.submittedAt, 'submittedAt');
  const now = toMs(input.now, 'now');
  const end = input.completedAt !== undefined ? toMs(input.completedAt, 'completedAt') : now;
  const ongoingRework = input.reworkSince ? now - toMs(input.reworkSince, 'reworkSince') : 0;
  const reworkMs = Math.max(0, input.reworkMs + ongoingRework);
  const elapsedMs = Math.max(0, end - submitted - reworkMs);
  const targetMs = input.targetHours * HOUR_MS;
  // Compare in milliseconds; the rounded hours are for display only.
  return {
    elapsedHours: round2(elapsedMs / HOUR_MS),
    targetHours: input.targetHours,
    dueAt: new Date(submitted + targetMs + reworkMs).toISOString(),
    rag: ragOf(elapsedMs, targetMs, input.anyStepBreached),
    reworkHours: round2(reworkMs / HOUR_MS),
  };
}

/** SQL expressions (column names, parameters) for each input of computeContractTiming. */
export interface ContractTimingSql {
  submittedAt: string;
  completedAt: string;
  now: string;
  targetHours: string;
  reworkMs: string;
  reworkSince: string;
  anyStepBreached: string;
}

/**
 * computeContractTiming's colour as one PostgreSQL expression ('green' | 'amber' | 'red'), for
 * filtering lists in the database. Step for step the formula above: the same instants, the same
 * clamps, the same constants.
 */
export function ragSql(c: ContractTimingSql): string {
  const ms = (interval: string) => `(EXTRACT(EPOCH FROM (${interval})) * 1000)`;
  const rework = `GREATEST(0, ${c.reworkMs} + CASE WHEN ${c.reworkSince} IS NULL THEN 0 ELSE ${ms(`${c.now} - ${c.reworkSince}`)} END)`;
  const elapsed = `GREATEST(0, ${ms(`COALESCE(${c.completedAt}, ${c.now}) - ${c.submittedAt}`)} - ${rework})`;
  return `(
  WITH t AS (SELECT ${elapsed} AS elapsed, ${c.targetHours} * ${HOUR_MS} AS target)
  SELECT CASE WHEN elapsed > target THEN 'red'
    WHEN elapsed * ${AMBER_FRACTION.denominator} > target * ${AMBER_FRACTION.numerator} OR ${c.anyStepBreached} THEN 'amber'
    ELSE 'green' END FROM t)`;
}
