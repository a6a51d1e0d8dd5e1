import { TIMEOUT_AUTO_APPROVED } from '../rules';
import type { TaskState } from './engine.types';
import { SLIM_POLICY } from './slim.policy';
import { CANCEL_REASON, decidedStepFields, haltForDecision, othersToTell, stepStatusForDecision, timeoutDecision } from './step-status';

const task = (over: Partial<TaskState> = {}): TaskState => ({
  taskId: 't1',
  stepKey: 'finance_review',
  revision: 1,
  assigneeId: 'u:fiona',
  originalAssigneeId: 'u:fiona',
  escalatedTo: [],
  escalationChain: ['u:boss'],
  status: 'decided',
  schedule: { dueAt: '2026-11-20T17:00:00.000Z', reminders: [], escalations: [] },
  slaBusinessHours: 8,
  createdAt: '2026-11-20T09:00:00.000Z',
  decidedAt: '2026-11-20T10:00:00.000Z',
  ...over,
});

describe('decision -> step status', () => {
  it('maps each decision, and an approval by rule to auto_approved', () => {
    expect(stepStatusForDecision('approve', false)).toBe('approved');
    expect(stepStatusForDecision('approve', true)).toBe('auto_approved');
    expect(stepStatusForDecision('reject', false)).toBe('rejected');
    expect(stepStatusForDecision('request_changes', false)).toBe('changes_requested');
  });

  it('halts on a rejection or a request for changes only', () => {
    expect(haltForDecision(task({ decision: 'approve', decidedById: 'u:fiona' }))).toBeNull();
    expect(haltForDecision(task({ decision: 'reject', decidedById: 'u:fiona', comment: 'no' }))).toEqual({ kind: 'rejected', byUserId: 'u:fiona', comment: 'no' });
    expect(haltForDecision(task({ decision: 'request_changes', decidedById: 'u:boss' }))).toEqual({ kind: 'changes_requested', byId: 'u:boss', comment: undefined });
  });

  it('writes the reasons of the stored trail word for word', () => {
    expect(decidedStepFields(task({ decision: 'approve', decidedById: 'u:fiona', decidedByKind: 'user' }), 'v1')).toEqual({
      status: 'approved',
      decidedBy: { kind: 'user', id: 'u:fiona' },
      policyVersion: 'v1',
      comment: undefined,
      reason: 'Approved by the assignee',
      completedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(decidedStepFields(task({ decision: 'request_changes', decidedById: 'u:boss', decidedByKind: 'user', comment: 'Terms too long' }), 'v1').reason).toBe(
      'Changes requested by an escalation manager: Terms too long',
    );
    expect(decidedStepFields(task({ decision: 'reject', decidedById: 'u:fiona', decidedByKind: 'user' }), 'v1').reason).toBe('Rejected by the assignee');
  });

  it('approves on timeout by the domain rule timeout_auto_approved', () => {
    const def = SLIM_POLICY.steps.find((s) => s.key === 'finance_review')!;
    const decision = timeoutDecision(def, '2026-11-20T17:00:00.000Z');
    expect(decision).toEqual({ decision: 'approve', decidedByKind: 'rule', decidedById: TIMEOUT_AUTO_APPROVED });
    const fields = decidedStepFields(task({ ...decision }), 'v1');
    expect(fields).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'timeout_auto_approved' } });
    expect(fields.reason).toBe(
      'Approved by rule timeout_auto_approved: no decision by the deadline 2026-11-20T17:00:00.000Z, and the policy allows approval on timeout',
    );
  });

  it('tells everyone else who could have decided, once each', () => {
    const t = task({ assigneeId: 'u:fiona', escalatedTo: ['u:boss', 'u:director', 'u:boss'] });
    expect(othersToTell(t, 'u:boss')).toEqual(['u:fiona', 'u:director']);
    expect(othersToTell(t, 'timeout_auto_approved')).toEqual(['u:fiona', 'u:boss', 'u:director']);
    expect(othersToTell(task(), 'u:fiona')).toEqual([]);
    expect(CANCEL_REASON.changes_requested).toBe('contract returned to the rep');
  });
});
