import type { StepDefinition } from '../chain/policy.types';
import { SLIM_POLICY } from '../chain/slim.policy';
import { DomainErrorCode } from '../errors';
import { approvingRoles, delegateRoleRefusal, delegationRefusal, roleNeeded, rolesToCover } from './delegation-eligibility';

describe('roleNeeded', () => {
  it('is the step role, or sales_manager for the submitting rep manager step', () => {
    expect(roleNeeded({ kind: 'role', role: 'legal_counsel' })).toBe('legal_counsel');
    expect(roleNeeded({ kind: 'submitter_manager' })).toBe('sales_manager');
  });
});

describe('rolesToCover', () => {
  it('keeps the absent person roles that some step of the policy gives tasks to', () => {
    expect(approvingRoles(SLIM_POLICY.steps).has('sales_manager')).toBe(true);
    expect(approvingRoles(SLIM_POLICY.steps).has('rep')).toBe(false);
    expect(rolesToCover(['sales_manager', 'rep'], SLIM_POLICY.steps)).toEqual(['sales_manager']);
    expect(rolesToCover(['rep', 'ops'], SLIM_POLICY.steps)).toEqual([]);
  });

  it('reads the steps, not a fixed list', () => {
    const steps: Pick<StepDefinition, 'assignee'>[] = [{ assignee: { kind: 'role', role: 'tax_specialist' } }, {}];
    expect(rolesToCover(['tax_specialist', 'legal_counsel'], steps)).toEqual(['tax_specialist']);
  });
});

describe('delegateRoleRefusal', () => {
  it('accepts a delegate holding one of the needed roles, or anyone when none is needed', () => {
    expect(delegateRoleRefusal(['sales_manager'], ['sales_manager', 'rep'])).toBeNull();
    expect(delegateRoleRefusal(['legal_counsel', 'tax_specialist'], ['tax_specialist'])).toBeNull();
    expect(delegateRoleRefusal([], ['rep'])).toBeNull();
  });

  it('refuses a delegate without the role, naming it', () => {
    expect(delegateRoleRefusal(['sales_manager'], ['tax_specialist'])).toEqual({
      code: DomainErrorCode.DELEGATE_ROLE_MISMATCH,
      message: 'The delegate must hold the role the tasks need (sales_manager)',
      details: { neededRoles: ['sales_manager'] },
    });
  });
});

describe('delegationRefusal', () => {
  const task = { status: 'open' as const, assigneeId: 'mona', escalatedTo: ['rita'] };

  it('lets the assignee hand the task to someone else', () => {
    expect(delegationRefusal({ task, byUserId: 'mona', toUserId: 'dex', submitterId: 'reese' })).toBeNull();
  });

  it('refuses an escalation manager, the current assignee as target, and the submitter', () => {
    expect(delegationRefusal({ task, byUserId: 'rita', toUserId: 'dex', submitterId: 'reese' })?.code).toBe(DomainErrorCode.NOT_ASSIGNEE);
    expect(delegationRefusal({ task, byUserId: 'mona', toUserId: 'mona', submitterId: 'reese' })).toEqual({
      code: DomainErrorCode.ALREADY_ASSIGNED,
      message: 'The task is already assigned to that user',
    });
    expect(delegationRefusal({ task, byUserId: 'mona', toUserId: 'reese', submitterId: 'reese' })?.code).toBe(DomainErrorCode.SELF_APPROVAL_FORBIDDEN);
  });
});
