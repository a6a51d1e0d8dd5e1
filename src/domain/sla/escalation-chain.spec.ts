import { DEMO_USERS } from '../../database/seed/demo-organisation';
import { escalationChain, type ManagerOf } from './escalation-chain';

const managers = new Map(DEMO_USERS.map((u) => [u.username, u.manager]));
const demo: ManagerOf = (username) => managers.get(username) ?? null;
const chainOf = (assigneeId: string, submitterId = 'alice', managerOf = demo) => escalationChain({ assigneeId, submitterId, levels: 2, managerOf });

describe('escalationChain over the demo organisation (levels: 2)', () => {
  it.each([
    ['sales_manager_approval', 'sam', ['rita', 'ed']],
    ['pricing_review', 'dana', ['frank', 'ed']],
    ['legal_review', 'lee', ['ed']],
    ['legal_review', 'lena', ['ed']],
    ['finance_review', 'fiona', ['frank', 'ed']],
    ['tax_review', 'tom', ['fiona', 'frank']],
    ['credit_check', 'carl', ['fiona', 'frank']],
    ['compliance_screening', 'cora', ['lee', 'ed']],
    ['delivery_review', 'olga', ['ed']],
    ['regional_director_approval', 'rita', ['ed']],
    ['executive_approval', 'frank', ['ed']],
    ['executive_approval', 'ed', []],
  ])('%s assigned to %s escalates to %j', (_step, assignee, expected) => {
    expect(chainOf(assignee)).toEqual(expected);
  });

  it('never escalates to the submitter: skips to the next manager up', () => {
    // Were fiona to submit, tom's task would go over her head to frank, then ed.
    expect(chainOf('tom', 'fiona')).toEqual(['frank', 'ed']);
    expect(chainOf('carl', 'frank')).toEqual(['fiona', 'ed']);
  });

  it('runs out of managers at the top: a shorter chain, never a repeat', () => {
    expect(chainOf('lee', 'ed')).toEqual([]);
    expect(escalationChain({ assigneeId: 'tom', submitterId: 'alice', levels: 5, managerOf: demo })).toEqual(['fiona', 'frank', 'ed']);
  });

  it('stops on a cycle in the data instead of looping', () => {
    const cyclic: ManagerOf = (u) => ({ a: 'b', b: 'c', c: 'a' })[u] ?? null;
    expect(escalationChain({ assigneeId: 'a', submitterId: 'x', levels: 5, managerOf: cyclic })).toEqual(['b', 'c']);
  });

  it('returns nobody for zero levels', () => {
    expect(escalationChain({ assigneeId: 'tom', submitterId: 'alice', levels: 0, managerOf: demo })).toEqual([]);
  });
});
