// Loads the people a task's routing needs — by id and by role, never the whole directory — and
// lets the domain decide (src/domain/routing/task-routing.ts): who gets the task, through
// out-of-office delegates, and the escalation chain from there.
import type { EntityManager } from 'typeorm';
import type { AssigneeSpec } from '../src/domain/chain/policy.types';
import { chainFrom, chooseFirstAssignee, completeRoute, managerDepthFor, needsRoleMembers, type Person, type RoleMember, type Route } from '../src/domain/routing/task-routing';

export type { Route };

const PERSON_COLUMNS = `u.id, u.username, u.roles, u.manager_id, u.ooo_from, u.ooo_to, u.ooo_delegate_id`;

interface UserRow {
  id: string;
  username: string;
  roles: string[];
  manager_id: string | null;
  ooo_from: Date | null;
  ooo_to: Date | null;
  ooo_delegate_id: string | null;
}

export async function resolveAssignee(
  m: EntityManager,
  input: { assignee: AssigneeSpec; submitterId: string; at: Date; escalationLevels: number },
): Promise<Route> {
  // The submitter and their manager.
  const people = toPeople(
    await m.query(`SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id = $1 OR u.id = (SELECT manager_id FROM users WHERE id = $1)`, [input.submitterId]),
  );
  let members: RoleMember[] = [];
  if (needsRoleMembers(input.assignee, people.get(input.submitterId)) && input.assignee.kind === 'role') {
    const rows: { id: string; username: string; open: string }[] = await m.query(
      `SELECT u.id, u.username, (SELECT count(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = 'open') AS open
       FROM users u WHERE $1 = ANY(u.roles) ORDER BY open ASC, u.username ASC`,
      [input.assignee.role],
    );
    members = rows.map((r) => ({ id: r.id, username: r.username, openTasks: Number(r.open) }));
  }
  const first = chooseFirstAssignee({ assignee: input.assignee, submitterId: input.submitterId, people, members });
  if (!first.ok) throw new Error(first.problem);
  return completeRoute({
    firstId: first.id,
    notes: first.notes,
    submitterId: input.submitterId,
    at: input.at,
    escalationLevels: input.escalationLevels,
    people: await neighbourhood(m, first.id, input.escalationLevels),
  });
}

/** The escalation chain of whoever holds a task now (after a delegation, the delegate's managers). */
export async function escalationChainOf(m: EntityManager, input: { assigneeId: string; submitterId: string; escalationLevels: number }): Promise<string[]> {
  return chainFrom(await neighbourhood(m, input.assigneeId, input.escalationLevels), input.assigneeId, input.submitterId, input.escalationLevels);
}

/**
 * A person, everyone their out-of-office delegation leads to (UNION stops at a cycle), and each
 * of those people's managers as far up as the escalation levels can reach.
 */
async function neighbourhood(m: EntityManager, userId: string, levels: number): Promise<Map<string, Person>> {
  const rows: UserRow[] = await m.query(
    `WITH RECURSIVE delegates(id) AS (
       SELECT $1::uuid
       UNION SELECT u.ooo_delegate_id FROM users u JOIN delegates d ON u.id = d.id WHERE u.ooo_delegate_id IS NOT NULL
     ), managers(id, depth) AS (
       SELECT id, 0 FROM delegates
       UNION ALL SELECT u.manager_id, mg.depth + 1 FROM users u JOIN managers mg ON u.id = mg.id WHERE u.manager_id IS NOT NULL AND mg.depth < $2
     )
     SELECT ${PERSON_COLUMNS} FROM users u WHERE u.id IN (SELECT id FROM managers)`,
    [userId, managerDepthFor(levels)],
  );
  return toPeople(rows);
}

function toPeople(rows: UserRow[]): Map<string, Person> {
  return new Map(
    rows.map((r) => [r.id, { id: r.id, username: r.username, roles: r.roles, managerId: r.manager_id, oooFrom: r.ooo_from, oooTo: r.ooo_to, oooDelegateId: r.ooo_delegate_id }]),
  );
}
