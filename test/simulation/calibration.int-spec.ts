// Calibration recovers known parameters from a synthetic trail: contracts and audit events written
// into a fresh database with decision times drawn from known log-normal distributions (business
// hours, in the organisation's calendar) and known decision mixes, then read back and fitted.
//
// Tolerance: 600 decisions per fitted role, so the standard error of mu is sigma/sqrt(600)
// (0.025 for sigma 0.6, 0.041 for sigma 1.0) and of sigma sigma/sqrt(1200) (0.017, 0.029). The
// test allows 0.14 on mu (the median within about 15%), 0.08 on sigma and 0.05 on each decision
// share: about 3 standard errors or more. The draws are seeded, so the run is the same every time;
// the fit must also equal the exact maximum-likelihood estimate of the drawn times (4 decimals),
// which checks the business-hour arithmetic of the reader.
import { DateTime } from 'luxon';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { createAppDataSource } from '../../src/database/data-source';
import type { DataSource } from 'typeorm';
import { insertSubmittedContract } from '../../src/contracts/contract-submission.repository';
import { insertAuditEvents } from '../../src/audit/audit.repository';
import type { AuditEventInput } from '../../src/domain/audit/audit-event-types';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { userId } from '../../src/database/seed/demo-organisation';
import { stableUuid } from '../../src/common/ids';
import { mixContract } from '../../tools/simulation/contract-mix';
import { Random } from '../../tools/simulation/random';
import { DEFAULT_BEHAVIOUR } from '../../tools/simulation/approver-model';
import { calibrate, calibratedBehaviour, fitLogNormal, formatCalibration, readCalibrationTrail } from '../../tools/simulation/calibration';

jest.setTimeout(300_000);

type Decision = 'approve' | 'request_changes' | 'reject';
interface Truth {
  step: string;
  role: string;
  median: number;
  sigma: number;
  mix: Record<Decision, number>;
}

const LEGAL: Truth = { step: 'legal_review', role: 'legal_counsel', median: 3, sigma: 0.6, mix: { approve: 0.8, request_changes: 0.15, reject: 0.05 } };
const FINANCE: Truth = { step: 'finance_review', role: 'finance_controller', median: 8, sigma: 1.0, mix: { approve: 0.9, request_changes: 0.1, reject: 0 } };
/** Too few decisions: keeps the default model. */
const EXECUTIVE: Truth = { step: 'executive_approval', role: 'executive', median: 20, sigma: 0.5, mix: { approve: 1, request_changes: 0, reject: 0 } };
const REP = { median: 4, sigma: 0.5 };
const CONTRACTS = 600;
/** Contracts returned by the intake rule (not by a person). */
const RULE_RETURNS = 12;

let fresh: FreshDatabase;
let db: DataSource;
let calendar: BusinessCalendar;
const drawn = { legal: [] as number[], finance: [] as number[], rep: [] as number[], sentBack: 0, byPeople: 0 };
let window: { from: Date; to: Date };

/** Log-normal in hours, at least a minute (as the model draws). */
const lognormal = (r: Random, median: number, sigma: number) => Math.max(1 / 60, Math.round(r.lognormal(median, sigma) * 3_600_000) / 3_600_000);

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_calib');
  const config = fresh.config();
  db = createAppDataSource(config);
  await db.initialize();
  const zone = config.ORG_TIME_ZONE;
  const start = DateTime.fromISO('2030-03-04T09:30', { zone });
  calendar = new BusinessCalendar(createCalendarProvider(config).calendarAt(start.toJSDate()));
  window = { from: start.toJSDate(), to: start.plus({ years: 1 }).toJSDate() };
  const events: AuditEventInput[] = [];
  let seq = 0;
  const event = (contractId: string, type: AuditEventInput['type'], at: Date, e: Partial<AuditEventInput>): void => {
    events.push({ eventKey: `calib:${seq++}`, type, contractId, actorKind: 'user', actorId: null, revision: 1, stepKey: null, occurredAt: at.toISOString(), data: {}, ...e });
  };
  const task = (contractId: string, t: Truth, opened: Date, hours: number, decision: Decision, revision: number): Date => {
    const taskId = stableUuid('calib-task', `${contractId}:${t.step}:${revision}`);
    const decided = calendar.addBusinessMs(opened, hours * 3_600_000);
    event(contractId, 'TASK_CREATED', opened, { actorKind: 'rule', stepKey: t.step, revision, data: { taskId } });
    event(contractId, 'TASK_DECIDED', decided, { stepKey: t.step, revision, data: { taskId, decision } });
    return decided;
  };
  // One contract submitted before the window with absurd times: must not be read.
  const all = [...Array.from({ length: CONTRACTS }, (_, i) => ({ i, inWindow: true })), { i: CONTRACTS, inWindow: false }];
  await db.transaction(async (m) => {
    for (const { i, inWindow } of all) {
      const submittedAt = inWindow ? calendar.addBusinessMs(start.toJSDate(), (i % 200) * 600_000 + Math.floor(i / 200) * 9 * 3_600_000) : start.minus({ days: 3 }).toJSDate();
      const id = stableUuid('calib-contract', String(i));
      const mix = mixContract('calib', i, submittedAt);
      await insertSubmittedContract(m, { id, submission: mix.submission, policy: SLIM_POLICY, submitterId: userId(mix.rep), submittedAt, origin: { channel: 'test' } });
      const r = new Random('calib', i);
      const opened = calendar.addBusinessMs(submittedAt, 10 * 60_000);
      if (!inWindow) {
        task(id, LEGAL, opened, 500, 'reject', 1);
        continue;
      }
      if (i < RULE_RETURNS) {
        event(id, 'CHANGES_REQUESTED', opened, { actorKind: 'rule', actorId: 'intake_check.complete', stepKey: 'intake_check' });
        event(id, 'CHANGES_REQUESTED', opened, { actorKind: 'rule', actorId: 'intake_check.complete' });
        const hours = lognormal(r, REP.median, REP.sigma);
        drawn.rep.push(hours);
        event(id, 'CONTRACT_REVISED', calendar.addBusinessMs(opened, hours * 3_600_000), { revision: 2 });
        drawn.sentBack += 1;
        continue;
      }
      const legal = { hours: lognormal(r, LEGAL.median, LEGAL.sigma), decision: r.weighted(LEGAL.mix) };
      const finance = { hours: lognormal(r, FINANCE.median, FINANCE.sigma), decision: r.weighted(FINANCE.mix) };
      drawn.legal.push(legal.hours);
      drawn.finance.push(finance.hours);
      const ends = [task(id, LEGAL, opened, legal.hours, legal.decision, 1), task(id, FINANCE, opened, finance.hours, finance.decision, 1)];
      if (i < RULE_RETURNS + 5) task(id, EXECUTIVE, opened, lognormal(r, EXECUTIVE.median, EXECUTIVE.sigma), 'approve', 1);
      if (legal.decision !== 'approve' || finance.decision !== 'approve') {
        drawn.sentBack += 1;
        drawn.byPeople += 1;
        if (legal.decision === 'request_changes' || finance.decision === 'request_changes') {
          const returned = new Date(Math.max(...ends.map((d) => d.getTime())));
          event(id, 'CHANGES_REQUESTED', returned, { actorId: userId('lee') });
          const hours = lognormal(r, REP.median, REP.sigma);
          drawn.rep.push(hours);
          event(id, 'CONTRACT_REVISED', calendar.addBusinessMs(returned, hours * 3_600_000), { revision: 2 });
        } else {
          // Rejected outright: not a return to the rep.
          drawn.sentBack -= 1;
          drawn.byPeople -= 1;
        }
      }
    }
    await insertAuditEvents(m, events);
  });
});

afterAll(async () => {
  await db?.destroy();
  await fresh?.drop();
});

describe('calibration from a synthetic trail', () => {
  it('recovers each role’s log-normal decision time and decision mix within tolerance, and equals the exact fit of the drawn times', async () => {
    const trail = await readCalibrationTrail(db, window, createCalendarProvider(fresh.config()));
    expect(trail.contracts).toBe(CONTRACTS);
    const c = calibrate(trail, 20);
    for (const [truth, times] of [
      [LEGAL, drawn.legal],
      [FINANCE, drawn.finance],
    ] as const) {
      const role = c.roles.find((r) => r.role === truth.role)!;
      expect(role).toMatchObject({ fitted: true, samples: CONTRACTS - RULE_RETURNS });
      expect(Math.abs(role.fit!.mu - Math.log(truth.median))).toBeLessThan(0.14);
      expect(Math.abs(role.fit!.sigma - truth.sigma)).toBeLessThan(0.08);
      const exact = fitLogNormal(times);
      expect(role.fit!.mu).toBeCloseTo(exact.mu, 4);
      expect(role.fit!.sigma).toBeCloseTo(exact.sigma, 4);
      for (const d of ['approve', 'request_changes', 'reject'] as const) expect(Math.abs(role.decisions![d] - truth.mix[d])).toBeLessThan(0.05);
    }
    expect(c.roles.find((r) => r.role === 'executive')).toMatchObject({ fitted: false, samples: 5, fit: null });
    expect(c.roles.map((r) => r.role)).toEqual(['executive', 'finance_controller', 'legal_counsel']);
  });

  it('fits the rep’s revision time and counts the rework rate, by people and by rules', async () => {
    const c = calibrate(await readCalibrationTrail(db, window, createCalendarProvider(fresh.config())), 20);
    expect(c.rep.samples).toBe(drawn.rep.length);
    expect(c.rep.fitted).toBe(true);
    expect(Math.abs(c.rep.fit!.mu - Math.log(REP.median))).toBeLessThan(0.2);
    expect(Math.abs(c.rep.fit!.sigma - REP.sigma)).toBeLessThan(0.1);
    expect(c.rep.fit!.mu).toBeCloseTo(fitLogNormal(drawn.rep).mu, 4);
    expect(c.rework.contracts).toBe(drawn.sentBack);
    expect(c.rework.rate).toBeCloseTo(drawn.sentBack / CONTRACTS, 10);
    expect(c.rework.byPeopleRate).toBeCloseTo((drawn.sentBack - RULE_RETURNS) / CONTRACTS, 10);
  });

  it('with a higher bar, a role keeps the default model and the output says so; the behaviour carries only fitted roles', async () => {
    const c = calibrate(await readCalibrationTrail(db, window, createCalendarProvider(fresh.config())), 1000);
    expect(c.roles.every((r) => !r.fitted)).toBe(true);
    expect(c.rep.fitted).toBe(false);
    const text = formatCalibration(c, DEFAULT_BEHAVIOUR);
    expect(text).toContain('legal_counsel');
    expect(text).toMatch(/default \(588 decisions, fewer than 1000: default model kept\)/);
    const fitted = calibrate(await readCalibrationTrail(db, window, createCalendarProvider(fresh.config())), 20);
    const b = calibratedBehaviour(DEFAULT_BEHAVIOUR, fitted, SLIM_POLICY);
    expect(Object.keys(b.roles!).sort()).toEqual(['finance_controller', 'legal_counsel']);
    expect(b.stepRoles).toMatchObject({ legal_review: 'legal_counsel', finance_review: 'finance_controller', sales_manager_approval: 'sales_manager' });
    expect(b.rep.medianHours).toBeCloseTo(fitted.rep.fit!.medianHours, 10);
  });

  it('reads nothing outside the window', async () => {
    const before = { from: new Date(window.from.getTime() - 7 * 86_400_000), to: window.from };
    const trail = await readCalibrationTrail(db, before, createCalendarProvider(fresh.config()));
    expect(trail.contracts).toBe(1);
    expect(trail.decisions).toEqual([expect.objectContaining({ role: 'legal_counsel', decision: 'reject', businessHours: expect.closeTo(500, 6) })]);
  });
});
