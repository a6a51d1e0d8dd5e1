// The simulator's forecast of which steps a contract may send to people decides which actions run
// one after another (for routing's sake) and which join the concurrent rest: it must foresee every
// shared role a contract can reach, and should foresee no more than the rules say.
import { DEMO_PRODUCTS, productsBySku } from '../../src/domain/contract/catalogue.data';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { LEGACY_POLICY } from '../../src/domain/chain/legacy.policy';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { userId } from '../../src/database/seed/demo-organisation';
import { forecastSteps, sharedRolesOpenedAfter, stepsOpenedAfter, type ForecastReference } from '../../tools/simulation/forecast';
import { type MixContract, type MixKind, mixContract } from '../../tools/simulation/contract-mix';

const at = new Date('2030-03-04T02:00:00Z');
const reference: ForecastReference = { products: productsBySku(DEMO_PRODUCTS), clauseLibrary: DEMO_CLAUSE_LIBRARY };
const shared = new Set(['legal_counsel', 'executive']);
const mix = Array.from({ length: 2000 }, (_, i) => mixContract('forecast', i, at));
const ofKind = (kind: MixKind): MixContract[] => mix.filter((c) => c.kind === kind);
const forecastOf = (c: MixContract, policy = SLIM_POLICY, revision = 1, mayKeep?: ReadonlySet<string>) =>
  forecastSteps(policy, { submission: c.submission, revision, submittedAt: at.toISOString(), submitterId: userId(c.rep), mayKeep }, reference);

describe('the legacy chain: every step waits for a person', () => {
  const keys = LEGACY_POLICY.steps.map((s) => s.key);
  const forecast = forecastOf(mix[0], LEGACY_POLICY);

  test('on a first revision the start opens the first step and each decision exactly the next one', () => {
    expect([...forecast.values()].every((r) => r === 'human')).toBe(true);
    expect(stepsOpenedAfter(LEGACY_POLICY, forecast, null)).toEqual([keys[0]]);
    keys.forEach((k, i) => expect(stepsOpenedAfter(LEGACY_POLICY, forecast, k)).toEqual(i + 1 < keys.length ? [keys[i + 1]] : []));
  });

  test('only the decision right before a legal or executive step may open a shared role', () => {
    const roleOf = new Map(LEGACY_POLICY.steps.map((s) => [s.key, s.assignee?.kind === 'role' ? s.assignee.role : null]));
    for (const [i, k] of keys.entries()) {
      const next = roleOf.get(keys[i + 1]);
      expect(sharedRolesOpenedAfter(LEGACY_POLICY, forecast, k, shared)).toEqual(next && shared.has(next) ? [next] : []);
    }
    expect(keys.some((k) => sharedRolesOpenedAfter(LEGACY_POLICY, forecast, k, shared).length > 0)).toBe(true);
  });

  test('a later revision may keep approved steps: the start may pass them up to the first step it must decide again', () => {
    const kept = new Set(keys.slice(0, 5));
    const again = forecastOf(mix[0], LEGACY_POLICY, 2, kept);
    expect(stepsOpenedAfter(LEGACY_POLICY, again, null)).toEqual(keys.slice(0, 6));
    // Without knowing what may be kept, every step may be passed: all shared roles may be reached.
    const unknown = forecastOf(mix[0], LEGACY_POLICY, 2);
    expect(sharedRolesOpenedAfter(LEGACY_POLICY, unknown, null, shared)).toEqual(['executive', 'legal_counsel']);
  });
});

describe('the slim chain: the rules decide who is asked', () => {
  test('a standard contract reaches no shared role, neither at its start nor after any decision', () => {
    const standard = ofKind('standard');
    expect(standard.length).toBeGreaterThan(100);
    for (const c of standard) {
      const forecast = forecastOf(c);
      expect(forecast.get('legal_review')).toBe('auto');
      expect(forecast.get('executive_approval')).toBe('auto');
      for (const key of [null, ...SLIM_POLICY.steps.map((s) => s.key)]) expect(sharedRolesOpenedAfter(SLIM_POLICY, forecast, key, shared)).toEqual([]);
    }
  });

  test('a changed clause may reach legal and a strategic deal the executives, from the start', () => {
    const changed = ofKind('changed_clause');
    const strategic = ofKind('strategic');
    expect(changed.length).toBeGreaterThan(0);
    expect(strategic.length).toBeGreaterThan(0);
    for (const c of changed) expect(sharedRolesOpenedAfter(SLIM_POLICY, forecastOf(c), null, shared)).toContain('legal_counsel');
    for (const c of strategic) expect(sharedRolesOpenedAfter(SLIM_POLICY, forecastOf(c), null, shared)).toContain('executive');
  });

  test('a step the rules send to a person is a "maybe": the chain may pass it, so the steps after stay foreseen', () => {
    const c = ofKind('changed_clause')[0];
    const forecast = forecastOf(c);
    expect(forecast.get('legal_review')).toBe('maybe');
    // Deciding the pricing review may finish the sixth stage and start the executive approval only if that is foreseen.
    const opened = stepsOpenedAfter(SLIM_POLICY, forecast, 'sales_manager_approval');
    expect(opened).not.toContain('legal_review');
    expect(opened.every((k) => forecast.get(k) !== 'auto')).toBe(true);
  });
});
