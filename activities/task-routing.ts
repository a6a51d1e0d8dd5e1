// Who gets a human task. The role's member with the fewest open tasks (so work spreads), or
// the submitting rep's manager; never the submitter (a submitter who holds the role has the
// task go to their own manager); and,
// when the chosen person is out of office, their delegate. Also the escalation chain: managers
// upward from the assignee, skipping the submitter.
import type { EntityManager } from 'typeorm';
import type { AssigneeSpec } from '../src/domain/chain/policy.types';
import { escalationChain } from '../src/domain/sla/escalation-chain';

interface UserRow {
  id: string;
  username: string;
  roles: string[];
  manager_id: string | null;
  ooo_from: Date | null;
  ooo_to: Date | null;
  ooo_delegate_id: string | null;
}

export interface Route {
  assigneeId: string;
  originalAssigneeId: string;
  routingNote: string | null;
  escalationChain: string[];
}

export async function resolveAssignee(
  m: EntityManager,
  input: { assignee: AssigneeSpec; submitterId: string; at: Date; escalationLevels: number },
): Promise<Route> {
  const users: UserRow[] = await m.query(`SELECT id, username, roles, manager_id, ooo_from, ooo_to, ooo_delegate_id FROM users`);
  const byId = new Map(users.map((u) => [u.id, u]));
  const submitter = byId.get(input.submitterId);
  const notes: string[] = [];

  let chosen: UserRow | undefined;
  if (input.assignee.kind === 'submitter_manager') {
    chosen = submitter?.manager_id ? byId.get(submitter.manager_id) : undefined;
    if (!chosen) throw new Error(`Submitter ${input.submitterId} has no manager to approve as sales manager`);
  } else if (submitter?.roles.includes(input.assignee.role)) {
    // Nobody decides a task on a contract they submitted: it goes to the submitter's manager.
    chosen = submitter.manager_id ? byId.get(submitter.manager_id) : undefined;
    if (!chosen) throw new Error(`Submitter ${submitter.username} holds role ${input.assignee.role} and has no manager to decide instead`);
    notes.push(`Routed to ${chosen.username}, manager of the submitter ${submitter.username}, who holds role ${input.assignee.role}`);
  } else {
    const members: { id: string }[] = await m.query(
      `SELECT u.id, (SELECT count(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = 'open') AS open
       FROM users u WHERE $1 = ANY(u.roles) ORDER BY open ASC, u.username ASC`,
      [input.assignee.role],
    );
    chosen = members.length ? byId.get(members[0].id) : undefined;
    if (!chosen) throw new Error(`No user holds role ${input.assignee.role}`);
  }
  const original = chosen;

  // Out of office: follow delegates (at most a few hops, never back to the submitter).
  const seen = new Set<string>([chosen.id]);
  while (isAway(chosen, input.at) && chosen.ooo_delegate_id && !seen.has(chosen.ooo_delegate_id) && chosen.ooo_delegate_id !== input.submitterId) {
    const delegate = byId.get(chosen.ooo_delegate_id);
    if (!delegate) break;
    notes.push(`${chosen.username} is out of office until ${chosen.ooo_to!.toISOString()}; routed to delegate ${delegate.username}`);
    chosen = delegate;
    seen.add(chosen.id);
  }

  const chain = chainFrom(byId, chosen.id, input.submitterId, input.escalationLevels);
  return { assigneeId: chosen.id, originalAssigneeId: original.id, routingNote: notes.length ? notes.join('; ') : null, escalationChain: chain };
}

/** The escalation chain of whoever holds a task now (after a delegation, the delegate's managers). */
export async function escalationChainOf(m: EntityManager, input: { assigneeId: string; submitterId: string; escalationLevels: number }): Promise<string[]> {
  const users: UserRow[] = await m.query(`SELECT id, username, roles, manager_id, ooo_from, ooo_to, ooo_delegate_id FROM users`);
  return chainFrom(new Map(users.map((u) => [u.id, u])), input.assigneeId, input.submitterId, input.escalationLevels);
}

function chainFrom(byId: Map<string, UserRow>, assigneeId: string, submitterId: string, levels: number): string[] {
  return escalationChain({ assigneeId, submitterId, levels, managerOf: (id) => byId.get(id)?.manager_id ?? null });
}

function isAway(u: UserRow, at: Date): boolean {
  return !!u.ooo_from && !!u.ooo_to && u.ooo_from.getTime() <= at.getTime() && at.getTime() < u.ooo_to.getTime();
}
