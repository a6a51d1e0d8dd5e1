import { DomainErrorCode } from '../errors';
import { alreadyDecidedMessage, commentRefusal, decisionRefusal, haltRefusal, mayDecide, openTaskRefusal, type TaskFacts } from './decision-eligibility';

const open: TaskFacts & { revision: number } = { status: 'open', assigneeId: 'mona', escalatedTo: ['rita'], revision: 2 };

describe('mayDecide', () => {
  it('lets the assignee and a manager the task escalated to decide an open task', () => {
    expect(mayDecide(open, 'mona', 'reese')).toBe(true);
    expect(mayDecide(open, 'rita', 'reese')).toBe(true);
  });

  it('refuses anyone else, the submitter even when escalated to, and every closed task', () => {
    expect(mayDecide(open, 'dex', 'reese')).toBe(false);
    expect(mayDecide({ ...open, escalatedTo: ['reese'] }, 'reese', 'reese')).toBe(false);
    expect(mayDecide({ ...open, status: 'decided' }, 'mona', 'reese')).toBe(false);
    expect(mayDecide({ ...open, status: 'cancelled' }, 'rita')).toBe(false);
  });
});

describe('openTaskRefusal', () => {
  it('names a task the contract does not have', () => {
    expect(openTaskRefusal('t9', undefined)).toEqual({ code: DomainErrorCode.TASK_NOT_FOUND, message: 'Task t9 does not belong to this contract' });
  });

  it('refuses a decided or cancelled task with the details given', () => {
    expect(openTaskRefusal('t1', { ...open, status: 'decided', decision: 'approve' }, { by: 'x' })).toEqual({
      code: DomainErrorCode.TASK_ALREADY_DECIDED,
      message: 'Task already decided (approve)',
      details: { by: 'x' },
    });
    expect(alreadyDecidedMessage({ status: 'cancelled' })).toBe('Task already cancelled');
    expect(openTaskRefusal('t1', open)).toBeNull();
  });
});

describe('haltRefusal', () => {
  it('refuses while a halt cancels the open tasks, naming the halt', () => {
    expect(haltRefusal('rejected', 'in_review')).toEqual({
      code: DomainErrorCode.CONTRACT_HALTED,
      message: 'The contract was rejected; its open tasks are being cancelled',
      details: { halt: 'rejected' },
    });
    expect(haltRefusal('changes_requested', 'in_review')?.message).toBe('The contract was sent back to the rep; its open tasks are being cancelled');
    expect(haltRefusal('withdrawn', 'in_review')?.message).toBe('The contract was withdrawn; its open tasks are being cancelled');
  });

  it('does not refuse without a halt, or once the contract waits for the revision', () => {
    expect(haltRefusal(null, 'in_review')).toBeNull();
    expect(haltRefusal('changes_requested', 'changes_requested')).toBeNull();
  });
});

describe('commentRefusal', () => {
  it.each([
    ['reject', undefined, 'A comment is required to reject'],
    ['request_changes', '   ', 'A comment is required to request changes'],
  ] as const)('%s with comment %p is refused', (decision, comment, message) => {
    expect(commentRefusal(decision, comment)).toEqual({ code: DomainErrorCode.COMMENT_REQUIRED, message });
  });

  it('accepts an approval without a comment and a rejection with one', () => {
    expect(commentRefusal('approve', undefined)).toBeNull();
    expect(commentRefusal('reject', 'Price too low')).toBeNull();
  });
});

describe('decisionRefusal', () => {
  const attempt = { task: open, userId: 'mona', submitterId: 'reese', decision: 'approve' as const };

  it('accepts the assignee and an escalation manager on the current revision', () => {
    expect(decisionRefusal(attempt)).toBeNull();
    expect(decisionRefusal({ ...attempt, userId: 'rita', revision: 2 })).toBeNull();
  });

  it('refuses, in order: a stale revision, the submitter, someone else, a missing comment', () => {
    expect(decisionRefusal({ ...attempt, userId: 'reese', revision: 1 })?.code).toBe(DomainErrorCode.STALE_REVISION);
    expect(decisionRefusal({ ...attempt, revision: 1 })?.message).toBe('Task belongs to revision 2, not 1');
    expect(decisionRefusal({ ...attempt, userId: 'reese', task: { ...open, assigneeId: 'reese' } })?.code).toBe(DomainErrorCode.SELF_APPROVAL_FORBIDDEN);
    expect(decisionRefusal({ ...attempt, userId: 'dex', decision: 'reject' })?.code).toBe(DomainErrorCode.NOT_ASSIGNEE);
    expect(decisionRefusal({ ...attempt, decision: 'reject' })?.code).toBe(DomainErrorCode.COMMENT_REQUIRED);
  });
});
