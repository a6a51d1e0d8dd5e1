// A contract's overall timing against its target, as red / amber / green. Wall-clock hours,
// not business hours: the target is a promise to the customer. Time the contract spent back
// with the rep (changes requested) does not count against the approvers.
import { round2 } from '../contract/derive';

export type Rag = 'green' | 'amber' | 'red';

export interface ContractTimingInput {
  submittedAt: Date | string;
  completedAt?: Date | string;
  now: Date | string;
  targetHours: number;
  /** Total time spent waiting for the rep's revisions. */
  reworkMs: number;
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

const HOUR_MS = 3_600_000;
/** Amber starts once two thirds of the target are used. */
const AMBER_FRACTION = 2 / 3;

function toMs(value: Date | string, label: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new Error(`${label} is not a valid instant: ${String(value)}`);
  return ms;
}

export function computeContractTiming(input: ContractTimingInput): ContractTiming {
  const submitted = toMs(input.submittedAt, 'submittedAt');
  const end = input.completedAt !== undefined ? toMs(input.completedAt, 'completedAt') : toMs(input.now, 'now');
  const reworkMs = Math.max(0, input.reworkMs);
  const elapsedMs = Math.max(0, end - submitted - reworkMs);
  const targetMs = input.targetHours * HOUR_MS;
  // Compare in milliseconds; the rounded hours are for display only.
  const rag: Rag = elapsedMs > targetMs ? 'red' : elapsedMs > targetMs * AMBER_FRACTION || input.anyStepBreached ? 'amber' : 'green';
  return {
    elapsedHours: round2(elapsedMs / HOUR_MS),
    targetHours: input.targetHours,
    dueAt: new Date(submitted + targetMs + reworkMs).toISOString(),
    rag,
    reworkHours: round2(reworkMs / HOUR_MS),
  };
}
