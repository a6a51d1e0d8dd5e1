// Who gets a human task: the one home of the rule. The role's member with the fewest open tasks
// (so work spreads; ties by username; the simulator's worker asks for a stable hash of the task
// instead, see MemberChoice), or the submitting rep's manager; never the submitter (a
// submitter who holds the role has the task go to their own manager); and, when the chosen person
// is out of office, their delegate (hop by hop, never back to the submitter). The escalation
// chain then goes up from whoever ends up holding the task (src/domain/sla/escalation-chain.ts).
// Pure: the activity loads the people concerned by id or by role and passes them in.
import type { AssigneeSpec } from '../chain/policy.types';
import { escalationChain } from '../sla/escalation-chain';

export interface Person {
  id: string;
  username: string;
  roles: readonly string[];
  managerId: string | null;
  oooFrom: Date | null;
  oooTo: Date | null;
  oooDelegateId: string | null;
}

/** A member of the step's role, with how many open tasks they hold now. */
export interface RoleMember {
  id: string;
  username: string;
  openTasks: number;
}

export interface Route {
  assigneeId: string;
  originalAssigneeId: string;
  routingNote: string | null;
  escalationChain: string[];
}

/** Whether the role's members are needed: only when the role decides (the submitter does not hold it). */
export function needsRoleMembers(assignee: AssigneeSpec, submitter: Pick<Person, 'roles'> | undefined): boolean {
  return assignee.kind === 'role' && !submitter?.roles.includes(assignee.role);
}

export type FirstChoice = { ok: true; id: string; notes: string[] } | { ok: false; problem: string };

/**
 * How a shared role's member is picked: by fewest open tasks (the product), or by a stable hash
 * of a key naming the task (contract, step, revision): the simulator's people of one role are
 * interchangeable, and a choice that reads no counts does not depend on the order in which
 * concurrent tasks open, so a seed replays without ordering its decisions.
 */
export type MemberChoice = { kind: 'fewest_open_tasks' } | { kind: 'stable_hash'; key: string };

/**
 * The task's first assignee, before out-of-office: `people` holds at least the submitter and
 * their manager; `members` the role's members (only read when the role decides).
 */
export function chooseFirstAssignee(input: {
  assignee: AssigneeSpec;
  submitterId: string;
  people: ReadonlyMap<string, Person>;
  members: readonly RoleMember[];
  /** Default: fewest open tasks. */
  choice?: MemberChoice;
}): FirstChoice {
  const submitter = input.people.get(input.submitterId);
  const manager = submitter?.managerId ? input.people.get(submitter.managerId) : undefined;
  // An added approver (ad-hoc-step.ts) is one named person: out-of-office routing still applies.
  if (input.assignee.kind === 'user') return { ok: true, id: input.assignee.userId, notes: [] };
  if (input.assignee.kind === 'submitter_manager') {
    if (!manager) return { ok: false, problem: `Submitter ${input.submitterId} has no manager to approve as sales manager` };
    return { ok: true, id: manager.id, notes: [] };
  }
  const role = input.assignee.role;
  if (submitter?.roles.includes(role)) {
    // Nobody decides a task on a contract they submitted: it goes to the submitter's manager.
    if (!manager) return { ok: false, problem: `Submitter ${submitter.username} holds role ${role} and has no manager to decide instead` };
    return { ok: true, id: manager.id, notes: [`Routed to ${manager.username}, manager of the submitter ${submitter.username}, who holds role ${role}`] };
  }
  const chosen = input.choice?.kind === 'stable_hash' ? memberByHash(input.members, input.choice.key) : leastLoaded(input.members);
  if (!chosen) return { ok: false, problem: `No user holds role ${role}` };
  return { ok: true, id: chosen.id, notes: [] };
}

function leastLoaded(members: readonly RoleMember[]): RoleMember | undefined {
  return [...members].sort((a, b) => a.openTasks - b.openTasks || compareText(a.username, b.username))[0];
}

/**
 * The member at hash(key) modulo the count, members in username order (open counts unread): FNV-1a
 * over the key, then murmur3's finaliser, whose low bits depend on every character (FNV-1a's
 * lowest bit alone is the parity of the characters, so two steps of one contract would always
 * split the same way between two people).
 */
export function memberByHash(members: readonly RoleMember[], key: string): RoleMember | undefined {
  if (members.length === 0) return undefined;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return [...members].sort((a, b) => compareText(a.username, b.username))[(h >>> 0) % members.length];
}

/**
 * From the first assignee to the task's holder, through out-of-office delegates, and the
 * escalation chain from there. `people` holds the first assignee, their delegates and everyone's
 * managers as far as the escalation levels reach; a person missing from it ends that walk.
 */
export function completeRoute(input: {
  firstId: string;
  notes: readonly string[];
  submitterId: string;
  at: Date;
  escalationLevels: number;
  people: ReadonlyMap<string, Person>;
}): Route {
  const notes = [...input.notes];
  let chosen = input.people.get(input.firstId);
  if (!chosen) throw new Error(`User ${input.firstId} was not loaded`);
  // Out of office: follow delegates (never in a circle, never back to the submitter).
  const seen = new Set<string>([chosen.id]);
  while (isAway(chosen, input.at) && chosen.oooDelegateId && !seen.has(chosen.oooDelegateId) && chosen.oooDelegateId !== input.submitterId) {
    const delegate = input.people.get(chosen.oooDelegateId);
    if (!delegate) break;
    notes.push(`${chosen.username} is out of office until ${chosen.oooTo!.toISOString()}; routed to delegate ${delegate.username}`);
    chosen = delegate;
    seen.add(chosen.id);
  }
  return {
    assigneeId: chosen.id,
    originalAssigneeId: input.firstId,
    routingNote: notes.length ? notes.join('; ') : null,
    escalationChain: chainFrom(input.people, chosen.id, input.submitterId, input.escalationLevels),
  };
}

/** The escalation chain of whoever holds a task (after a delegation, the delegate's managers). */
export function chainFrom(people: ReadonlyMap<string, Person>, assigneeId: string, submitterId: string, levels: number): string[] {
  return escalationChain({ assigneeId, submitterId, levels, managerOf: (id) => people.get(id)?.managerId ?? null });
}

/** Away from `oooFrom` (inclusive) to `oooTo` (exclusive). */
export function isAway(p: Pick<Person, 'oooFrom' | 'oooTo'>, at: Date): boolean {
  return !!p.oooFrom && !!p.oooTo && p.oooFrom.getTime() <= at.getTime() && at.getTime() < p.oooTo.getTime();
}

/** How many managers up the activity must load for `levels` escalation levels (the submitter may be skipped once). */
export function managerDepthFor(levels: number): number {
  return levels + 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
