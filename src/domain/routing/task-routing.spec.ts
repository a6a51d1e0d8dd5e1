import { chooseFirstAssignee, completeRoute, isAway, needsRoleMembers, type Person } from './task-routing';

const person = (id: string, managerId: string | null, roles: string[] = [], ooo?: { from: string; to: string; delegate: string }): Person => ({
  id,
  username: id,
  roles,
  managerId,
  oooFrom: ooo ? new Date(ooo.from) : null,
  oooTo: ooo ? new Date(ooo.to) : null,
  oooDelegateId: ooo?.delegate ?? null,
});
const peopleOf = (...list: Person[]) => new Map(list.map((p) => [p.id, p]));

// alice (rep) -> sam (sales_manager) -> rita -> ed
const org = peopleOf(person('alice', 'sam', ['rep']), person('sam', 'rita', ['sales_manager']), person('rita', 'ed', ['regional_director']), person('ed', null, ['executive']));
const at = new Date('2026-11-23T02:00:00Z');

describe('chooseFirstAssignee', () => {
  it('gives a role step to the member with the fewest open tasks, ties by username', () => {
    const members = [
      { id: 'lena', username: 'lena', openTasks: 2 },
      { id: 'lee', username: 'lee', openTasks: 1 },
      { id: 'leo', username: 'leo', openTasks: 1 },
    ];
    expect(chooseFirstAssignee({ assignee: { kind: 'role', role: 'legal_counsel' }, submitterId: 'alice', people: org, members })).toEqual({ ok: true, id: 'lee', notes: [] });
  });

  it('with a stable-hash choice, picks by the key alone: open counts and member order do not matter, keys spread over members', () => {
    const members = [
      { id: 'lena', username: 'lena', openTasks: 0 },
      { id: 'lee', username: 'lee', openTasks: 9 },
    ];
    const pick = (key: string, list = members) => chooseFirstAssignee({ assignee: { kind: 'role', role: 'legal_counsel' }, submitterId: 'alice', people: org, members: list, choice: { kind: 'stable_hash', key } });
    const loaded = members.map((m) => ({ ...m, openTasks: 9 - m.openTasks })).reverse();
    const keys = Array.from({ length: 40 }, (_, i) => `contract-${i}:legal_review:1`);
    for (const key of keys) expect(pick(key, loaded)).toEqual(pick(key));
    const ids = keys.map((key) => (pick(key) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(['lee', 'lena']));
    // Two steps of one contract do not always split the same way (each key's every character counts).
    const split = (i: number) => (pick(`contract-${i}:legal_review:1`) as { id: string }).id === (pick(`contract-${i}:legal_second_reading:1`) as { id: string }).id;
    const same = Array.from({ length: 40 }, (_, i) => split(i));
    expect(same).toContain(true);
    expect(same).toContain(false);
    expect(chooseFirstAssignee({ assignee: { kind: 'role', role: 'legal_counsel' }, submitterId: 'alice', people: org, members: [], choice: { kind: 'stable_hash', key: 'k' } })).toEqual({
      ok: false,
      problem: 'No user holds role legal_counsel',
    });
  });

  it('gives the manager step to the submitter manager', () => {
    expect(chooseFirstAssignee({ assignee: { kind: 'submitter_manager' }, submitterId: 'alice', people: org, members: [] })).toEqual({ ok: true, id: 'sam', notes: [] });
  });

  it('never gives a task to the submitter: a submitter holding the role has it go to their manager', () => {
    const people = peopleOf(person('ferris', 'sam', ['rep', 'finance_controller']), org.get('sam')!);
    expect(needsRoleMembers({ kind: 'role', role: 'finance_controller' }, people.get('ferris'))).toBe(false);
    expect(chooseFirstAssignee({ assignee: { kind: 'role', role: 'finance_controller' }, submitterId: 'ferris', people, members: [] })).toEqual({
      ok: true,
      id: 'sam',
      notes: ['Routed to sam, manager of the submitter ferris, who holds role finance_controller'],
    });
  });

  it('says why nobody can be chosen', () => {
    const top = peopleOf(person('ed', null, ['executive', 'rep']));
    expect(chooseFirstAssignee({ assignee: { kind: 'submitter_manager' }, submitterId: 'ed', people: top, members: [] })).toEqual({ ok: false, problem: 'Submitter ed has no manager to approve as sales manager' });
    expect(chooseFirstAssignee({ assignee: { kind: 'role', role: 'executive' }, submitterId: 'ed', people: top, members: [] })).toEqual({ ok: false, problem: 'Submitter ed holds role executive and has no manager to decide instead' });
    expect(chooseFirstAssignee({ assignee: { kind: 'role', role: 'tax_specialist' }, submitterId: 'alice', people: org, members: [] })).toEqual({ ok: false, problem: 'No user holds role tax_specialist' });
  });
});

describe('completeRoute', () => {
  const away = { from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' };

  it('keeps a present assignee and escalates up their managers', () => {
    expect(completeRoute({ firstId: 'sam', notes: [], submitterId: 'alice', at, escalationLevels: 2, people: org })).toEqual({
      assigneeId: 'sam',
      originalAssigneeId: 'sam',
      routingNote: null,
      escalationChain: ['rita', 'ed'],
    });
  });

  it('follows out-of-office delegates, notes each hop, and escalates from the last', () => {
    const people = peopleOf(...org.values(), person('mona', 'rita', ['sales_manager'], { ...away, delegate: 'dex' }), person('dex', 'mona', ['sales_manager']));
    expect(completeRoute({ firstId: 'mona', notes: ['first'], submitterId: 'alice', at, escalationLevels: 2, people })).toEqual({
      assigneeId: 'dex',
      originalAssigneeId: 'mona',
      routingNote: 'first; mona is out of office until 2026-11-24T00:00:00.000Z; routed to delegate dex',
      escalationChain: ['mona', 'rita'],
    });
  });

  it('never hands a task to the submitter, nor round a circle of delegates', () => {
    const toSubmitter = peopleOf(...org.values(), person('mona', 'rita', [], { ...away, delegate: 'alice' }));
    expect(completeRoute({ firstId: 'mona', notes: [], submitterId: 'alice', at, escalationLevels: 1, people: toSubmitter }).assigneeId).toBe('mona');
    const circle = peopleOf(...org.values(), person('a', 'rita', [], { ...away, delegate: 'b' }), person('b', 'rita', [], { ...away, delegate: 'a' }));
    expect(completeRoute({ firstId: 'a', notes: [], submitterId: 'alice', at, escalationLevels: 1, people: circle }).assigneeId).toBe('b');
  });

  it('ignores an absence that has not started or is over', () => {
    const people = peopleOf(...org.values(), person('mona', 'rita', [], { ...away, delegate: 'sam' }));
    expect(completeRoute({ firstId: 'mona', notes: [], submitterId: 'alice', at: new Date(away.to), escalationLevels: 1, people }).assigneeId).toBe('mona');
    expect(isAway(people.get('mona')!, new Date(away.from))).toBe(true);
  });
});
