import type { DataSource } from 'typeorm';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import type { InsertedAuditEvent } from './audit-metrics';
import { ApiMetrics, GreenlightMetrics, METRIC_NAMES } from './metrics';

const event = (e: Partial<InsertedAuditEvent> & Pick<InsertedAuditEvent, 'type'>): InsertedAuditEvent => ({ stepKey: null, actorKind: 'system', data: {}, cycleSeconds: null, ...e });

async function sample(m: GreenlightMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await m.registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => JSON.stringify(Object.entries(v.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))?.value;
}

describe('GreenlightMetrics.recordAuditEvents', () => {
  it('maps committed audit events to the business metrics', async () => {
    const m = new GreenlightMetrics('worker');
    m.recordAuditEvents([
      event({ type: AUDIT_EVENT_TYPES.CONTRACT_SUBMITTED }),
      event({ type: AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, stepKey: 'credit_check', actorKind: 'rule' }),
      event({ type: AUDIT_EVENT_TYPES.STEP_SKIPPED, stepKey: 'executive_approval', actorKind: 'rule' }),
      event({ type: AUDIT_EVENT_TYPES.CHANGES_REQUESTED, stepKey: 'intake_check', actorKind: 'rule' }),
      // A person sending it back is a task decision, counted by TASK_DECIDED, not here.
      event({ type: AUDIT_EVENT_TYPES.CHANGES_REQUESTED, stepKey: 'legal_review', actorKind: 'user' }),
      event({ type: AUDIT_EVENT_TYPES.TASK_DECIDED, stepKey: 'legal_review', actorKind: 'user' }),
      event({ type: AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED, stepKey: 'tax_review', actorKind: 'rule' }),
      event({ type: AUDIT_EVENT_TYPES.TASK_ESCALATED, stepKey: 'finance_review', data: { level: 1 } }),
      // A second escalation of the same task is not a second breach.
      event({ type: AUDIT_EVENT_TYPES.TASK_ESCALATED, stepKey: 'finance_review', data: { level: 2 } }),
      event({ type: AUDIT_EVENT_TYPES.MAIL_SENT, data: { kind: 'task_assigned' } }),
      event({ type: AUDIT_EVENT_TYPES.CONTRACT_APPROVED, cycleSeconds: 3600 }),
      event({ type: AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN, cycleSeconds: null }),
    ]);
    expect(await sample(m, METRIC_NAMES.contractsSubmitted)).toBe(1);
    expect(await sample(m, METRIC_NAMES.contractsCompleted, { outcome: 'approved' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.contractsCompleted, { outcome: 'withdrawn' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.contractsCompleted, { outcome: 'rejected' })).toBe(0);
    const text = await m.text();
    expect(text).toContain(`${METRIC_NAMES.cycleTime}_count 1\n`);
    expect(text).toContain(`${METRIC_NAMES.cycleTime}_sum 3600\n`);
    expect(text).toContain(`${METRIC_NAMES.cycleTime}_bucket{le="1800"} 0\n`);
    expect(text).toContain(`${METRIC_NAMES.cycleTime}_bucket{le="3600"} 1\n`);
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'credit_check', decided_by: 'rule' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'executive_approval', decided_by: 'rule' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'intake_check', decided_by: 'rule' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'legal_review', decided_by: 'user' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'legal_review', decided_by: 'rule' })).toBeUndefined();
    expect(await sample(m, METRIC_NAMES.stepDecisions, { step: 'tax_review', decided_by: 'rule' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.slaBreaches, { step: 'tax_review' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.slaBreaches, { step: 'finance_review' })).toBe(1);
    expect(await sample(m, METRIC_NAMES.mailSent, { kind: 'task_assigned' })).toBe(1);
  });

  it('keeps each process in its own registry, and only the API reads open tasks (from the database, at scrape)', async () => {
    const worker = new GreenlightMetrics('worker');
    const db = { query: async () => [{ step_key: 'legal_review', open: 3 }] } as unknown as DataSource;
    const api = new ApiMetrics(db);
    worker.recordAuditEvents([event({ type: AUDIT_EVENT_TYPES.CONTRACT_SUBMITTED })]);
    expect(await sample(api, METRIC_NAMES.contractsSubmitted)).toBe(0);
    expect(worker.registry.getSingleMetric(METRIC_NAMES.tasksOpen)).toBeUndefined();
    const text = await api.text();
    expect(text).toContain('greenlight_tasks_open{step="legal_review"} 3\n');
    expect(text).toContain('greenlight_tasks_open{step="finance_review"} 0\n');
  });
});
