import { ccOf, ccSpecProblems, MAX_STEP_CC } from './cc';
import { validatePolicyDraft } from './policy-validation';
import { SLIM_POLICY } from './slim.policy';

const carl = '3f1c1e0e-0000-4000-8000-000000000001';
const bob = '3f1c1e0e-0000-4000-8000-000000000002';

describe('a policy step\'s cc', () => {
  it('takes known roles and user ids', () => {
    expect(ccSpecProblems({ roles: ['tax_specialist'], users: [carl] })).toEqual([]);
    expect(ccSpecProblems({})).toEqual([]);
  });

  it('names each bad entry by its path and rule', () => {
    expect(ccSpecProblems({ roles: ['astrologer', 'ops', 'ops'], users: ['carl'], bcc: [] })).toEqual([
      { path: '.bcc', rule: 'unknown_field', message: 'cc names only roles and users' },
      { path: '.roles', rule: 'unique', message: 'Each of the roles at most once' },
      expect.objectContaining({ path: '.roles[0]', rule: 'unknown_role' }),
      expect.objectContaining({ path: '.users[0]', rule: 'uuid' }),
    ]);
    expect(ccSpecProblems(['tax_specialist'])).toEqual([expect.objectContaining({ path: '', rule: 'type' })]);
    expect(ccSpecProblems({ users: carl })).toEqual([expect.objectContaining({ path: '.users', rule: 'type' })]);
    const many = Array.from({ length: MAX_STEP_CC + 1 }, (_, i) => `3f1c1e0e-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(ccSpecProblems({ users: many })).toEqual([expect.objectContaining({ path: '.users', rule: 'max_items' })]);
  });

  it('is part of the complete policy validation, with the JSON path of the step', () => {
    const policy = structuredClone(SLIM_POLICY);
    const i = policy.steps.findIndex((s) => s.key === 'legal_review');
    policy.steps[i].cc = { roles: ['nobody'] };
    expect(validatePolicyDraft(policy)).toEqual([expect.objectContaining({ field: `steps[${i}].cc.roles[0]`, rule: 'unknown_role' })]);
    policy.steps[i].cc = { roles: ['finance_controller'], users: [carl] };
    expect(validatePolicyDraft(policy)).toEqual([]);
  });
});

describe('who is copied on a decision', () => {
  const decided = { status: 'approved' as const };
  it("copies the policy's cc on any decision, the rep's only where a person was asked", () => {
    expect(ccOf({ ...decided }, { roles: ['ops'], users: [carl] }, [bob])).toEqual({ roles: ['ops'], users: [carl] });
    expect(ccOf({ ...decided, taskId: 't1' }, { users: [carl] }, [bob, carl])).toEqual({ roles: [], users: [carl, bob] });
    expect(ccOf({ status: 'auto_approved', taskId: 't1' }, undefined, [bob])).toEqual({ roles: [], users: [bob] });
    expect(ccOf({ status: 'rejected', taskId: 't1' }, undefined, [bob])).toEqual({ roles: [], users: [bob] });
  });

  it('copies nobody on what is not a decision: skipped, kept from an earlier revision, waiting, or nobody named', () => {
    expect(ccOf({ status: 'skipped' }, { users: [carl] }, undefined)).toBeNull();
    expect(ccOf({ status: 'approved', keptFromRevision: 1 }, { users: [carl] }, undefined)).toBeNull();
    expect(ccOf({ status: 'waiting', taskId: 't1' }, { users: [carl] }, [bob])).toBeNull();
    expect(ccOf({ ...decided }, undefined, [bob])).toBeNull();
    expect(ccOf({ ...decided }, {}, undefined)).toBeNull();
  });
});
