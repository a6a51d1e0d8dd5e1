// Keep or decide again: on a revision, a step whose inputs (fingerprint) did not change keeps the
// decision it had; any other step is decided again, and its reason says why. The "kept from
// revision N" fact is structured (`keptFromRevision` on the step); the reason text is built from
// it and never parsed back.
import type { StepState } from './engine.types';
import { KEEPABLE_STATUSES } from './step-status';

/** The step fields a kept decision carries over, with the kept reason. */
export type KeptStep = Pick<
  StepState,
  'status' | 'decidedBy' | 'policyVersion' | 'inputs' | 'fingerprint' | 'keptFromRevision' | 'comment' | 'taskId' | 'sla' | 'reason'
>;

export type KeepOrRedecide =
  | { kind: 'keep'; fields: KeptStep; keptFromRevision: number }
  /** `note` prefixes the new decision's reason when the inputs changed ('' otherwise). */
  | { kind: 'decide'; note: string };

/**
 * Compares the step's decision in the previous revision (if any) with the fingerprint of its
 * inputs now. A decision is kept only when it is an approval or a skip (never a rejection or a
 * request for changes) and its inputs are the same.
 */
export function keepOrRedecide(prev: StepState | undefined, print: string): KeepOrRedecide {
  if (prev && prev.fingerprint === print && KEEPABLE_STATUSES.has(prev.status)) {
    const from = prev.keptFromRevision ?? prev.revision;
    return {
      kind: 'keep',
      keptFromRevision: from,
      fields: {
        status: prev.status,
        decidedBy: prev.decidedBy,
        policyVersion: prev.policyVersion,
        inputs: prev.inputs,
        fingerprint: print,
        keptFromRevision: from,
        comment: prev.comment,
        taskId: prev.taskId,
        sla: prev.sla,
        reason: keptReason(prev, from),
      },
    };
  }
  const changed = prev && prev.fingerprint && prev.fingerprint !== print;
  return { kind: 'decide', note: changed ? `Inputs changed since revision ${prev.revision}; decided again. ` : '' };
}

/**
 * A decision kept once already carries its kept reason ("Kept from revision N: ..."), and keeping
 * it again names the same revision N, so the text is the same; a fresh decision gets the prefix.
 */
function keptReason(prev: StepState, from: number): string {
  if (prev.keptFromRevision !== undefined && prev.reason !== undefined) return prev.reason;
  return `Kept from revision ${from}: inputs unchanged. ${prev.reason ?? ''}`;
}
