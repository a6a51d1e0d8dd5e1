// How GET /api/contracts/:id shows a step several people decide together (countersign 会签,
// or-sign 或签, quorum; src/domain/chain/countersign.ts): its mode, how many approvals decide it,
// the tally, and each approver's state from their task (who holds it, its status, decision,
// comment, when, and how far it escalated).
import type { StepApprovers } from '../domain/chain/countersign';
import type { TaskEntity } from '../tasks/task.entity';

type Person = { id: string; name: string } | null;

export interface StepApproverView {
  user: Person;
  /** Who holds the task (a delegate when the approver is out of office). */
  assignee: Person;
  taskId: string;
  /** open, approved, rejected, changes_requested, returned (to an earlier step), or closed (the step was decided before they did). */
  status: string;
  decidedBy: Person;
  decidedAt: string | null;
  comment: string | null;
  dueAt: string | null;
  escalationLevel: number;
  escalatedTo: Person[];
}

export interface StepApproversView {
  mode: StepApprovers['mode'];
  required: number;
  approved: number;
  total: number;
  /** approved, rejected, changes_requested or returned once the approvers decided the step; null while they have not. */
  outcome: string | null;
  approvers: StepApproverView[];
}

/** The users a step's approvers view names (for one display-name lookup). */
export function approverUserIds(approvers: StepApprovers | null, tasks: ReadonlyMap<string, TaskEntity>): string[] {
  if (!approvers) return [];
  return approvers.approvers.flatMap((a) => {
    const t = tasks.get(a.taskId);
    return [a.userId, a.decidedById ?? '', ...(t ? [t.assigneeId, ...t.escalatedTo] : [])];
  });
}

export function stepApproversView(approvers: StepApprovers | null, tasks: ReadonlyMap<string, TaskEntity>, person: (id: string | null) => Person): StepApproversView | null {
  if (!approvers) return null;
  return {
    mode: approvers.mode,
    required: approvers.required,
    approved: approvers.approvers.filter((a) => a.status === 'approved').length,
    total: approvers.approvers.length,
    outcome: approvers.outcome ?? null,
    approvers: approvers.approvers.map((a) => {
      const t = tasks.get(a.taskId);
      return {
        user: person(a.userId),
        assignee: person(t?.assigneeId ?? a.assigneeId ?? a.userId),
        taskId: a.taskId,
        status: a.status,
        decidedBy: a.decidedByKind === 'user' ? person(a.decidedById ?? null) : null,
        decidedAt: a.decidedAt ?? null,
        comment: a.comment ?? null,
        dueAt: t?.dueAt ? t.dueAt.toISOString() : null,
        escalationLevel: t?.escalationLevel ?? 0,
        escalatedTo: (t?.escalatedTo ?? []).map(person),
      };
    }),
  };
}
