// Property tests (fast-check) of the chain's pure rules: whatever the schedule or the previous
// decision, the invariants hold. Here rather than next to the code because fast-check is a
// devDependency, which src/ may not import.
import fc from 'fast-check';
import type { StepState, StepStatus, TaskSchedule } from '../../../src/domain/chain/engine.types';
import { keepOrRedecide } from '../../../src/domain/chain/revision-keeping';
import { markSlaEventFired, nextSlaEvent, type SlaEvent } from '../../../src/domain/chain/sla-next-event';

/** Fires events until none is left; returns them in the order they came. */
function drain(start: TaskSchedule): SlaEvent[] {
  const fired: SlaEvent[] = [];
  let s = start;
  for (let next = nextSlaEvent(s); next; next = nextSlaEvent(s)) {
    fired.push(next);
    s = markSlaEventFired(s, next, next.at);
  }
  return fired;
}

const decided = (over: Partial<StepState> = {}): StepState => ({
  key: 'credit_check',
  number: 3,
  name: 'Credit check',
  status: 'auto_approved',
  revision: 1,
  decidedBy: { kind: 'rule', id: 'credit_check.within_limit' },
  policyVersion: 'v1',
  reason: 'Within the credit limit',
  inputs: { amount: 10 },
  fingerprint: 'fp-1',
  ...over,
});

describe('SLA events', () => {
  // Property: whatever the schedule, events come out in time order, each at most once, and no
  // reminder follows an escalation.
  const base = Date.parse('2026-11-20T09:00:00.000Z');
  const arbSchedule = fc
    .record({
      reminders: fc.uniqueArray(fc.record({ fraction: fc.integer({ min: 1, max: 99 }), offset: fc.integer({ min: 0, max: 10_000 }) }), { selector: (r) => r.fraction, maxLength: 4 }),
      escalations: fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 4 }),
    })
    .map(({ reminders, escalations }): TaskSchedule => {
      // Escalation levels are later the higher they are, as computeTaskSchedule makes them.
      const offsets = [...escalations].sort((a, b) => a - b);
      return {
        dueAt: new Date(base + (offsets[0] ?? 0) * 60_000).toISOString(),
        reminders: reminders.map((r) => ({ fraction: r.fraction / 100, at: new Date(base + r.offset * 60_000).toISOString() })),
        escalations: offsets.map((o, i) => ({ level: i + 1, at: new Date(base + o * 60_000).toISOString() })),
      };
    });

  it('property: events come in schedule order, once each, and no reminder after an escalation', () => {
    fc.assert(
      fc.property(arbSchedule, (s) => {
        const fired = drain(s);
        const times = fired.map((e) => Date.parse(e.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const ids = fired.map((e) => (e.kind === 'reminder' ? `r${e.fraction}` : `e${e.level}`));
        expect(new Set(ids).size).toBe(ids.length);
        const firstEscalation = fired.findIndex((e) => e.kind === 'escalation');
        if (firstEscalation >= 0) expect(fired.slice(firstEscalation).every((e) => e.kind === 'escalation')).toBe(true);
        // Every escalation level fires, in level order.
        expect(fired.filter((e) => e.kind === 'escalation').map((e) => (e as { level: number }).level)).toEqual(s.escalations.map((e) => e.level));
      }),
    );
  });
});

describe('keeping decisions across revisions', () => {
  it('property: a kept decision has the same inputs and fingerprint as the one it keeps', () => {
    const statuses: StepStatus[] = ['pending', 'in_progress', 'waiting', 'auto_approved', 'approved', 'rejected', 'changes_requested', 'skipped'];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.constantFrom('a', 'b'),
        fc.constantFrom('a', 'b'),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        fc.dictionary(fc.string(), fc.integer()),
        (status, prevPrint, print, keptFrom, inputs) => {
          // A kept decision carries its kept reason, as keepOrRedecide wrote it.
          const reason = keptFrom === undefined ? 'Within the credit limit' : `Kept from revision ${keptFrom}: inputs unchanged. Within the credit limit`;
          const prev = decided({ status, fingerprint: prevPrint, keptFromRevision: keptFrom, inputs, reason, revision: 6 });
          const out = keepOrRedecide(prev, print);
          if (out.kind === 'keep') {
            expect(prevPrint).toBe(print);
            expect(['approved', 'auto_approved', 'skipped']).toContain(status);
            expect(out.fields.inputs).toBe(inputs);
            expect(out.fields.fingerprint).toBe(prev.fingerprint);
            expect(out.keptFromRevision).toBe(keptFrom ?? 6);
            expect(out.fields.reason).toBe(`Kept from revision ${out.keptFromRevision}: inputs unchanged. Within the credit limit`);
          } else {
            expect(prevPrint !== print || !['approved', 'auto_approved', 'skipped'].includes(status)).toBe(true);
          }
        },
      ),
    );
  });
});
