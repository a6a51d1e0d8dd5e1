// Return to a chosen step (退回到指定节点): an approver sends the contract back to an earlier step
// of the chain instead of to the rep. Which steps a step may return to is policy data on the step
// (`returnTo`); this file is the one home of the rules: which targets are allowed, why a request
// is refused (400 naming `toStep`), what a draft may say, and how the chain's state is reset for
// the new round. Pure: every fact is an argument.
//
// A return starts a new round within the same revision, not a new revision: `revision` counts the
// rep's rework (the UI, the reports and the mail read it so), and the rep is asked nothing. The
// round re-runs the chain from the target's stage: steps of earlier stages stay as they were;
// steps of the target's stage and after keep their decision when their inputs did not change
// (revision-keeping.ts, as a rep's revision), except the target (decided again) and the returning
// step (asked again).
import { DomainErrorCode } from '../errors';
import type { Refusal } from '../routing/decision-eligibility';
import type { StepState } from './engine.types';
import type { ChainPolicy, StepDefinition, StepKey } from './policy.types';
import { KEEPABLE_STATUSES } from './step-status';

/** Where a step sits in the chain's order: its stage, then its number. */
function position(policy: ChainPolicy, key: StepKey): [stage: number, number: number] | null {
  const stage = policy.stages.findIndex((s) => s.tracks.some((t) => t.includes(key)));
  const def = policy.steps.find((d) => d.key === key);
  return stage < 0 || !def ? null : [stage, def.number];
}

/** Whether `target` comes before `from` in the chain: an earlier stage, or the same stage and a lower step number. */
export function isEarlierStep(policy: ChainPolicy, target: StepKey, from: StepKey): boolean {
  const a = position(policy, target);
  const b = position(policy, from);
  if (!a || !b) return false;
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** A step a person may decide: it has an assignee (rule steps fall back to a person; bots never do). */
export function isHumanDecidable(def: Pick<StepDefinition, 'mode' | 'assignee'>): boolean {
  return def.mode === 'rule' && def.assignee !== undefined;
}

/** The steps an approver of `from` may return the contract to; none when the policy says nothing (older versions). */
export function returnTargets(policy: ChainPolicy, from: StepKey): StepKey[] {
  return [...(policy.steps.find((d) => d.key === from)?.returnTo ?? [])];
}

/**
 * Why a return from `from` to `toStep` is refused, or null: the target must be named, be a step of
 * the chain, come earlier than `from` and be one the policy lets `from` return to.
 */
export function returnRefusal(policy: ChainPolicy, from: StepKey, toStep: unknown): Refusal | null {
  const refuse = (rule: string, message: string): Refusal => ({ code: DomainErrorCode.RETURN_TARGET_INVALID, message, details: { field: 'toStep', rule, allowed: returnTargets(policy, from) } });
  if (typeof toStep !== 'string' || !toStep) return refuse('required', 'toStep is required to return the contract to an earlier step');
  if (!policy.steps.some((d) => d.key === toStep)) return refuse('known_step', `toStep '${toStep}' is not a step of this contract's chain`);
  if (!isEarlierStep(policy, toStep, from)) return refuse('earlier_step', `toStep '${toStep}' does not come before this task's step '${from}'`);
  if (!returnTargets(policy, from).includes(toStep)) {
    const allowed = returnTargets(policy, from);
    return refuse('allowed_by_policy', `Policy ${policy.version} does not let step '${from}' return to '${toStep}' (${allowed.length ? `allowed: ${allowed.join(', ')}` : 'no return allowed'})`);
  }
  return null;
}

/** A draft's `returnTo` on the step at `at` (e.g. steps[7]): each bad entry named by its index. */
export function returnToProblems(policy: ChainPolicy, step: StepDefinition, at: string): { field: string; rule: string; message: string }[] {
  if (step.returnTo === undefined) return [];
  if (!Array.isArray(step.returnTo)) return [{ field: `${at}.returnTo`, rule: 'type', message: 'Must be a list of step keys' }];
  const out: { field: string; rule: string; message: string }[] = [];
  if (step.returnTo.length && !isHumanDecidable(step)) out.push({ field: `${at}.returnTo`, rule: 'no_person', message: `Step '${step.key}' never asks a person: nobody can return from it` });
  const seen = new Set<string>();
  step.returnTo.forEach((key, i) => {
    const field = `${at}.returnTo[${i}]`;
    const def = policy.steps.find((d) => d.key === key);
    if (typeof key !== 'string' || !def) out.push({ field, rule: 'known_step', message: `'${String(key)}' is not a step of this policy` });
    else if (seen.has(key)) out.push({ field, rule: 'unique', message: `'${key}' is listed twice` });
    else if (!isEarlierStep(policy, key, step.key)) out.push({ field, rule: 'earlier_step', message: `'${key}' does not come before '${step.key}' in the chain` });
    else if (!isHumanDecidable(def)) out.push({ field, rule: 'human_step', message: `'${key}' is not a step a person decides` });
    if (typeof key === 'string') seen.add(key);
  });
  return out;
}

/** The default returnTo of each human step: every earlier step a person can decide. */
export function defaultReturnTargets(policy: ChainPolicy): Record<StepKey, StepKey[]> {
  const out: Record<StepKey, StepKey[]> = {};
  for (const def of policy.steps) {
    if (!isHumanDecidable(def)) continue;
    const targets = policy.steps.filter((t) => isHumanDecidable(t) && isEarlierStep(policy, t.key, def.key)).map((t) => t.key);
    if (targets.length) out[def.key] = targets;
  }
  return out;
}

/** What a round after a return starts from. */
export interface ReturnRound {
  /** The stage the round walks from (the target's). */
  stage: number;
  /** Every step: earlier stages as they were, the target's stage and after pending. */
  steps: Record<StepKey, StepState>;
  /** What the round's steps may keep: this round's decisions, else what the revision could keep before. */
  previousSteps: Record<StepKey, StepState>;
}

/**
 * The chain's steps for the round after `fromStep` returned the contract to `toStep`. A decision
 * of this round in the target's stage or after becomes what the round may keep; a step this round
 * had not decided keeps what the rep's revision could keep; the target and the returning step
 * keep nothing (the target is decided again, the returning approver is asked again).
 */
export function returnRound(
  policy: ChainPolicy,
  steps: Record<StepKey, StepState>,
  previousSteps: Record<StepKey, StepState>,
  ret: { fromStep: StepKey; toStep: StepKey },
  revision: number,
): ReturnRound {
  const stage = position(policy, ret.toStep)?.[0] ?? 0;
  const rerun = new Set(policy.stages.slice(stage).flatMap((s) => s.tracks.flat()));
  const nextSteps: Record<StepKey, StepState> = {};
  const nextPrevious: Record<StepKey, StepState> = { ...previousSteps };
  for (const [key, step] of Object.entries(steps)) {
    if (!rerun.has(key)) {
      nextSteps[key] = step;
      continue;
    }
    if (KEEPABLE_STATUSES.has(step.status)) nextPrevious[key] = step;
    nextSteps[key] = { key, number: step.number, name: step.name, status: 'pending', revision };
  }
  delete nextPrevious[ret.toStep];
  delete nextPrevious[ret.fromStep];
  return { stage, steps: nextSteps, previousSteps: nextPrevious };
}
