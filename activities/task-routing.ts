// Loads the people a task's routing needs through TasksRepository — by id and by role, never the
// whole directory — and lets the domain decide (src/domain/routing/task-routing.ts): who gets the
// task, through out-of-office delegates, and the escalation chain from there.
import type { EntityManager } from 'typeorm';
import type { AssigneeSpec } from '../src/domain/chain/policy.types';
import { chainFrom, chooseFirstAssignee, completeRoute, managerDepthFor, type MemberChoice, needsRoleMembers, type RoleMember, type Route } from '../src/domain/routing/task-routing';
import type { TasksRepository } from '../src/tasks/tasks.repository';

export type { Route };

/** How a worker picks a shared role's member: by fewest open tasks (the product), or 'stable_hash' (the simulator's). */
export type MemberChoiceSetting = 'fewest_open_tasks' | 'stable_hash';

/** The routing's member choice for one task: 'stable_hash' is keyed by contract, step and revision, so openTask and previewAssignee agree. */
export function memberChoiceFor(setting: MemberChoiceSetting | undefined, task: { contractId: string; stepKey: string; revision: number }): MemberChoice | undefined {
  return setting === 'stable_hash' ? { kind: 'stable_hash', key: `${task.contractId}:${task.stepKey}:${task.revision}` } : undefined;
}

export async function resolveAssignee(
  tasks: TasksRepository,
  m: EntityManager,
  input: { assignee: AssigneeSpec; submitterId: string; at: Date; escalationLevels: number; choice?: MemberChoice },
): Promise<Route> {
  const people = await tasks.submitterAndManager(m, input.submitterId);
  let members: RoleMember[] = [];
  if (needsRoleMembers(input.assignee, people.get(input.submitterId)) && input.assignee.kind === 'role') {
    members = await tasks.roleMembersByLoad(m, input.assignee.role);
  }
  const first = chooseFirstAssignee({ assignee: input.assignee, submitterId: input.submitterId, people, members, choice: input.choice });
  if (!first.ok) throw new Error(first.problem);
  return completeRoute({
    firstId: first.id,
    notes: first.notes,
    submitterId: input.submitterId,
    at: input.at,
    escalationLevels: input.escalationLevels,
    people: await tasks.neighbourhood(m, first.id, managerDepthFor(input.escalationLevels)),
  });
}

/** The escalation chain of whoever holds a task now (after a delegation, the delegate's managers). */
export async function escalationChainOf(
  tasks: TasksRepository,
  m: EntityManager,
  input: { assigneeId: string; submitterId: string; escalationLevels: number },
): Promise<string[]> {
  const people = await tasks.neighbourhood(m, input.assigneeId, managerDepthFor(input.escalationLevels));
  return chainFrom(people, input.assigneeId, input.submitterId, input.escalationLevels);
}
