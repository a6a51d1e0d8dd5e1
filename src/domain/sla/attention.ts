// Attention flags on a contract: what ops must act on that the workflow cannot settle itself.
// Today one kind: an escalation that ran out of managers (the task's last escalation found nobody
// above the managers already told), so nobody new will hear of the overdue task unless ops step
// in. A flag belongs to a task and goes when that task is decided or cancelled.

export const ATTENTION_KINDS = ['escalation_exhausted'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface AttentionFlag {
  kind: AttentionKind;
  taskId: string;
  /** The step the task is for. */
  step: string;
  /** The escalation level that found no manager. */
  level: number;
  assigneeId: string;
  /** When the escalation ran out (ISO instant). */
  since: string;
}

/** The flags with `flag` added; unchanged when the task already has a flag of that kind (one per exhausted escalation). */
export function withFlag(flags: readonly AttentionFlag[], flag: AttentionFlag): AttentionFlag[] {
  return flags.some((f) => f.kind === flag.kind && f.taskId === flag.taskId) ? [...flags] : [...flags, flag];
}

/** The flags left once `taskIds` are decided or cancelled. */
export function withoutTasks(flags: readonly AttentionFlag[], taskIds: readonly string[]): AttentionFlag[] {
  const gone = new Set(taskIds);
  return flags.filter((f) => !gone.has(f.taskId));
}
