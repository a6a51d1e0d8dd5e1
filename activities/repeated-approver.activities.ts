// Who a human step's task would go to, without opening it: the same routing openTask does (role
// by load, the rep's manager, out-of-office delegates, self-approval rerouting), read only. The
// workflow asks it before opening a task when the policy may approve a repeated approver's step
// (src/domain/chain/repeated-approver.ts), so a step approved by that rule never has a task that
// is opened and then cancelled.
import type { DataSource } from 'typeorm';
import type { AssigneeSpec } from '../src/domain/chain/policy.types';
import type { TasksRepository } from '../src/tasks/tasks.repository';
import { memberChoiceFor, type MemberChoiceSetting, resolveAssignee } from './task-routing';

export interface PreviewAssigneeInput {
  assignee: AssigneeSpec;
  submitterId: string;
  /** Workflow time: who is out of office then. */
  at: string;
  escalationLevels: number;
  /** The task it would be: the simulator's member choice is keyed by it, as openTask's is (absent in runs started before it was sent). */
  task?: { contractId: string; stepKey: string; revision: number };
}

export interface RepeatedApproverActivities {
  /** Who would get the task now (after out-of-office delegation and rerouting); nothing is written. */
  previewAssignee(input: PreviewAssigneeInput): Promise<{ assigneeId: string; originalAssigneeId: string }>;
}

export function createRepeatedApproverActivities(deps: { db: DataSource; tasks: TasksRepository; memberChoice?: MemberChoiceSetting }): RepeatedApproverActivities {
  return {
    async previewAssignee(input) {
      const route = await resolveAssignee(deps.tasks, deps.db.manager, {
        assignee: input.assignee,
        submitterId: input.submitterId,
        at: new Date(input.at),
        escalationLevels: input.escalationLevels,
        choice: input.task ? memberChoiceFor(deps.memberChoice, input.task) : undefined,
      });
      return { assigneeId: route.assigneeId, originalAssigneeId: route.originalAssigneeId };
    },
  };
}
