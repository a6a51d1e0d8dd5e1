// Fast tier: a race found while building the fast tier — a retry asked while the failed attempt
// was still being reported was lost. In its own file, with its own time-skipping server: a run
// left waiting by a failing test must not slow the other files' skipped time.
import { ApplicationFailure } from '@temporalio/common';
import type { ContractActivities } from '../../../activities/activity.types';
import { AUDIT_EVENT_TYPES } from '../../../src/domain/audit/audit-event-types';
import { retryUpdate } from '../../../workflows/contract-approval/messages';
import { eventually, type RunningContract, useFastEnv, withContract } from './harness';

jest.setTimeout(60_000);

const fast = useFastEnv();
const OPS = 'ops:olivia';
const dataError = () => ApplicationFailure.create({ type: 'DATA_ERROR', message: 'value too long for type character varying(200)', nonRetryable: true });
const failingCapture = (failures: number) => ({
  captureCustomer: (input: Parameters<ContractActivities['captureCustomer']>[0], previous: number, stub: ContractActivities['captureCustomer']) =>
    previous < failures ? Promise.reject(dataError()) : stub(input),
});
const retry = (c: RunningContract) => c.update(retryUpdate, { userId: OPS });
const reportsOf = (c: RunningContract, type: string) => c.stubs.callsOf('reportIncidents').filter((r) => r.input.event?.type === type);
const stuckOn = async (c: RunningContract) => {
  await c.until('an incident', (x) => x.incidents?.length === 1);
  await eventually('the incident reported', () => reportsOf(c, AUDIT_EVENT_TYPES.INCIDENT_OPENED).some((r) => r.ok));
};

describe('incident retry', () => {
  // The guard used to read the retry count only after awaiting the incident's report, so a retry
  // handled during that await became its baseline and was lost (accepted, audited, and answered
  // after 20 s with the incident unchanged). This test holds the report open to make the race certain.
  test('a retry asked while the previous failed attempt is still being reported is not lost', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const override = {
      ...failingCapture(2),
      reportIncidents: (input: Parameters<ContractActivities['reportIncidents']>[0], _previous: number, stub: ContractActivities['reportIncidents']) =>
        input.event === null ? held : stub(input),
    };
    await withContract(fast(), { stubs: { override } }, async (c) => {
      await stuckOn(c);
      const first = retry(c);
      await eventually('the failed retry being reported', () => c.stubs.callsOf('reportIncidents').some((r) => r.input.event === null));
      const second = retry(c);
      await eventually('the second retry taken', () => reportsOf(c, AUDIT_EVENT_TYPES.INCIDENT_RETRIED).filter((r) => r.ok).length === 2);
      release();
      await first;
      // Skipped time, so the Update's 20-second answer window costs nothing.
      const [answer] = await Promise.all([second, c.env.sleep(30_000)]);
      expect(c.stubs.callsOf('captureCustomer')).toHaveLength(3);
      expect(answer.incidents).toEqual([]);
    });
  });
});
