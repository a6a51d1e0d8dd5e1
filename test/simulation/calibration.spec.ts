// The pure parts of the calibration: the maximum-likelihood fit, the too-few-samples rule, and how
// fitted roles reach the approver model (delays and decisions for the steps of a fitted role only,
// the same draw for the same contract, step and revision whatever the policy).
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { approverDecision, approverDelayMs, DEFAULT_BEHAVIOUR } from '../../tools/simulation/approver-model';
import { calibrate, calibratedBehaviour, type CalibrationTrail, fitLogNormal, parseWindowBound } from '../../tools/simulation/calibration';
import { mixContract } from '../../tools/simulation/contract-mix';

const trail = (decisions: CalibrationTrail['decisions'], revisions: number[] = []): CalibrationTrail => ({
  window: { from: '2030-03-01T00:00:00.000Z', to: '2030-04-01T00:00:00.000Z' },
  contracts: 10,
  decisions,
  unattributed: 0,
  sentBack: { contracts: 2, byPeople: 1 },
  revisions,
});

test('fitLogNormal: mu and sigma are the mean and population deviation of the log hours; under a minute counts as a minute', () => {
  const f = fitLogNormal([1, Math.E ** 2]);
  expect(f).toMatchObject({ n: 2, clamped: 0 });
  expect(f.mu).toBeCloseTo(1, 12);
  expect(f.sigma).toBeCloseTo(1, 12);
  expect(f.medianHours).toBeCloseTo(Math.E, 12);
  expect(fitLogNormal([0, 1 / 60]).clamped).toBe(1);
  expect(fitLogNormal([0, 1 / 60]).sigma).toBe(0);
  expect(() => fitLogNormal([])).toThrow();
});

test('calibrate: a role below the bar keeps the default model and says so; shares and rates', () => {
  const legal = Array.from({ length: 4 }, (_, i) => ({ role: 'legal_counsel', businessHours: i + 1, decision: i === 0 ? ('reject' as const) : ('approve' as const) }));
  const c = calibrate(trail([...legal, { role: 'executive', businessHours: 5, decision: 'approve' }]), 4);
  expect(c.roles.map((r) => [r.role, r.fitted])).toEqual([
    ['executive', false],
    ['legal_counsel', true],
  ]);
  expect(c.roles[0].note).toBe('1 decisions, fewer than 4: default model kept');
  expect(c.roles[1].decisions).toEqual({ approve: 0.75, request_changes: 0, reject: 0.25 });
  expect(c.rework).toEqual({ contracts: 2, rate: 0.2, byPeopleRate: 0.1 });
  expect(c.rep).toMatchObject({ samples: 0, fitted: false, fit: null });
});

test('fitted roles drive the model for their steps only, and two policies draw the same person the same way', () => {
  const c = calibrate(trail(Array.from({ length: 30 }, (_, i) => ({ role: 'legal_counsel', businessHours: 40 + i, decision: i < 15 ? ('request_changes' as const) : ('approve' as const) }))), 20);
  const fitted = calibratedBehaviour(DEFAULT_BEHAVIOUR, c, SLIM_POLICY);
  const contract = mixContract('unit', 3, new Date('2030-03-04T02:00:00Z'));
  // legal_review goes to legal counsel: its delay comes from the fit (median ~54 h, not 3 h).
  const legal = Array.from({ length: 50 }, (_, r) => approverDelayMs(fitted, 's', 'slim', 3, 'legal_review', r + 1) / 3_600_000).sort((a, b) => a - b);
  expect(legal[25]).toBeGreaterThan(20);
  // finance_review's role was not fitted: the same draw as without calibration.
  expect(approverDelayMs(fitted, 's', 'slim', 3, 'finance_review', 1)).toBe(approverDelayMs(DEFAULT_BEHAVIOUR, 's', 'slim', 3, 'finance_review', 1));
  const people = { behaviour: fitted, seed: 's', chainId: 'slim' };
  const decisions = Array.from({ length: 200 }, (_, r) => approverDecision(contract, 'legal_review', r + 1, people).decision);
  const changes = decisions.filter((d) => d === 'request_changes').length / decisions.length;
  expect(changes).toBeGreaterThan(0.35);
  expect(changes).toBeLessThan(0.65);
  expect(decisions.every((d) => d !== 'reject')).toBe(true);
  // A person asking for changes or rejecting leaves a comment (the workflow requires one).
  expect(approverDecision(contract, 'legal_review', decisions.indexOf('request_changes') + 1, people).comment).toBeTruthy();
  // Another policy with the same people: the same decision for the same contract, step and revision.
  const other = calibratedBehaviour(DEFAULT_BEHAVIOUR, c, { ...SLIM_POLICY, version: 'draft-x' });
  expect(Array.from({ length: 200 }, (_, r) => approverDecision(contract, 'legal_review', r + 1, { ...people, behaviour: other }).decision)).toEqual(decisions);
  // Without the people argument: the contract mix's story, as before calibration existed.
  expect(approverDecision(contract, 'legal_review', 1)).toEqual(approverDecision(contract, 'legal_review', 1, undefined));
});

test('parseWindowBound: a local date is midnight in the zone; an instant needs its offset', () => {
  expect(parseWindowBound('2030-03-01', 'Asia/Shanghai')!.toISOString()).toBe('2030-02-28T16:00:00.000Z');
  expect(parseWindowBound('2030-03-01T08:00:00+08:00', 'Asia/Shanghai')!.toISOString()).toBe('2030-03-01T00:00:00.000Z');
  expect(parseWindowBound('2030-03-01T08:00:00', 'Asia/Shanghai')).toBeNull();
  expect(parseWindowBound('2030-02-30', 'Asia/Shanghai')).toBeNull();
  expect(parseWindowBound('yesterday', 'Asia/Shanghai')).toBeNull();
});
