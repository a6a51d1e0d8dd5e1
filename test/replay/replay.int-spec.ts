// Replays recorded histories of real contract workflows against today's workflow code. A change
// that would break contracts already running (non-determinism) fails here, before it ships.
// Record new histories with: RECORD_HISTORIES=1 npx jest --selectProjects int test/replay
// Recorded sets are kept side by side: the files without a prefix were recorded before incidents
// existed (they replay the old code path behind patched('incidents-identity-keys-bounded-retries')); the
// `v2-` files after, including an incident that a retry resolved; the `v3-` files after progress
// writes became local activities (patched('local-progress-writes')). A local activity's input is
// not in the history (its marker keeps only the result), so a `v3-` history has a sidecar
// `<name>.local-keys.json`: the audit event keys its local activities wrote, each checked against
// the audit trail of the recorded run. The `v4-` files after a person's decision is answered
// before the chain runs on (patched('decision-reply-first'): a timer after the stored decision).
// The `v5-` files after the bots carry the run's progress (patched('bots-carry-progress')), this
// worker's document bot became a local activity (patched('local-bots')) and the first write after a
// person's decision became an activity task instead of that timer (patched('decision-reply-by-activity')).
// The `v6-` files after customer capture became a local activity too (patched('local-capture')).
// Never delete a set while runs recorded with it may still be running somewhere.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { defaultPayloadConverter } from '@temporalio/common';
import type { InjectedSinks } from '@temporalio/worker';
import type { CaptureSinks } from './support/capture-activity-inputs';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowsPath } from '../../src/worker';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { http, startTestStack } from '../support/stack';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { decide, openTaskFor, settled, submit, token } from '../support/contracts';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { Client as PgClient } from 'pg';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

const DIR = join(__dirname, 'histories');

const LOCAL_KEYS = '.local-keys.json';

function histories(): { name: string; history: ReturnType<typeof historyFromJSON>; localKeys?: string[] }[] {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith(LOCAL_KEYS))
    .sort()
    .map((f) => {
      const sidecar = join(DIR, f.replace(/\.json$/, LOCAL_KEYS));
      return {
        name: f,
        history: historyFromJSON(JSON.parse(readFileSync(join(DIR, f), 'utf8'))),
        localKeys: existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as string[]) : undefined,
      };
    });
}

/** Replays a history with the capturing interceptor; returns the inputs of its activities and of its local activities. */
async function replayCapturing(name: string, history: History): Promise<{ activities: unknown[][]; local: unknown[][] }> {
  const activities: unknown[][] = [];
  const local: unknown[][] = [];
  const sinks: InjectedSinks<CaptureSinks> = {
    capture: {
      activityScheduled: { fn: (_info, _type, args) => void activities.push(args), callDuringReplay: true },
      localActivityScheduled: { fn: (_info, _type, args) => void local.push(args), callDuringReplay: true },
    },
  };
  await Worker.runReplayHistory(
    { workflowsPath: workflowsPath(), replayName: `keys-${name}`, sinks, interceptors: { workflowModules: [require.resolve('./support/capture-activity-inputs')] } },
    history,
  );
  return { activities, local };
}

/** Prefix of the set being recorded now. */
const PREFIX = 'v6-';

if (process.env.RECORD_HISTORIES) {
  test('record histories of representative contracts', async () => {
    const env: TestWorkflowEnvironment = await createTimeSkippingEnv();
    const stack = await startTestStack({ env, api: true });
    const api = http(stack.baseUrl!);
    const save = async (name: string, id: string) => {
      // The whole run: the rep's last mail is scheduled after the contract shows as closed.
      await stack.client.workflow.getHandle(contractWorkflowId(id)).result();
      const history = await stack.client.workflow.getHandle(contractWorkflowId(id)).fetchHistory();
      // The local activities' keys, as replay produces them, must all be in the run's audit trail.
      const localKeys = auditKeysOf((await replayCapturing(name, history)).local);
      const stored = new Set((await stack.db.query(`SELECT event_key FROM audit_events WHERE contract_id = $1`, [id])).map((r: { event_key: string }) => r.event_key));
      expect(localKeys.length).toBeGreaterThan(0);
      // Audit keys, that is: the bots' idempotency keys (`activity:`, local since the v5 set) are no audit events.
      expect(localKeys.filter((k) => !k.startsWith('activity:') && !stored.has(k))).toEqual([]);
      writeFileSync(join(DIR, `${PREFIX}${name}.json`), historyToJSON(history));
      writeFileSync(join(DIR, `${PREFIX}${name}${LOCAL_KEYS}`), JSON.stringify(localKeys, null, 1) + '\n');
    };
    try {
      const auto = await submit(api, aContract());
      expect((await settled(api, auto, stack)).status).toBe('approved');
      await save('automatic', auto);

      const liability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
      const rework = await submit(api, aContract({ paymentTermsDays: 90, clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), liability] }));
      let c = await settled(api, rework, stack);
      const legal = openTaskFor(c, 'legal_review');
      await decide(api, stack, legal.id, legal.assignee.id, 'approve');
      const fin = openTaskFor(c, 'finance_review');
      await decide(api, stack, fin.id, fin.assignee.id, 'request_changes', 'Terms too long');
      await settled(api, rework, stack);
      await api('POST', `/api/contracts/${rework}/revisions`, { token: token('alice'), body: { paymentTermsDays: 45 } });
      c = await settled(api, rework, stack);
      const sm = openTaskFor(c, 'sales_manager_approval');
      await decide(api, stack, sm.id, sm.assignee.id, 'approve');
      expect((await settled(api, rework, stack)).status).toBe('approved');
      await save('rework-and-reapproval', rework);

      const late = await submit(api, aContract({ paymentTermsDays: 90 }));
      c = await settled(api, late, stack);
      await env.sleep('3 days'); // reminders at 50% and 90%, escalation levels 1 and 2
      const task = openTaskFor(c, 'finance_review');
      const [row] = await stack.db.query(`SELECT escalated_to FROM tasks WHERE id = $1`, [task.id]);
      await decide(api, stack, task.id, row.escalated_to[0], 'approve');
      expect((await settled(api, late, stack)).status).toBe('approved');
      await save('escalated-then-approved-by-manager', late);

      const gone = await submit(api, aContract({ paymentTermsDays: 90 }));
      await settled(api, gone, stack);
      await api('POST', `/api/contracts/${gone}/withdraw`, { token: token('alice'), body: { reason: 'lost the deal' } });
      await save('withdrawn', gone);

      // An incident: the withdrawal cannot be stored until ops drop the constraint and retry.
      const stuck = await submit(api, aContract({ paymentTermsDays: 90 }));
      await settled(api, stuck, stack);
      const admin = new PgClient({ connectionString: process.env.DATABASE_ADMIN_URL });
      await admin.connect();
      const constraint = `block_${stuck.replace(/-/g, '')}`;
      try {
        await admin.query(`ALTER TABLE contracts ADD CONSTRAINT ${constraint} CHECK (id <> '${stuck}'::uuid OR status <> 'withdrawn') NOT VALID`);
        await api('POST', `/api/contracts/${stuck}/withdraw`, { token: token('alice'), body: { reason: 'lost the deal' } });
        await waitFor(async () => (await stack.db.query(`SELECT incidents FROM contracts WHERE id = $1`, [stuck]))[0].incidents, 'the incident');
      } finally {
        await admin.query(`ALTER TABLE contracts DROP CONSTRAINT IF EXISTS ${constraint}`);
        await admin.end();
      }
      expect((await api('POST', `/api/contracts/${stuck}/retry`, { token: token('olivia') })).status).toBe(200);
      await stack.client.workflow.getHandle(contractWorkflowId(stuck)).result();
      await save('incident-resolved-by-retry', stuck);
    } finally {
      await stack.stop();
      await env.teardown();
    }
  });
} else {
  test('replaying a recorded history produces every audit event key of the original run again, in order', async () => {
    for (const { name, history, localKeys } of histories()) {
      const recorded = auditKeysOf(scheduledInputs(history));
      expect(recorded.length).toBeGreaterThan(0);
      const replayed = await replayCapturing(name, history);
      // A history may end while its run still goes on: what replay produces after its end is new.
      expect({ name, keys: auditKeysOf(replayed.activities).slice(0, recorded.length) }).toEqual({ name, keys: recorded });
      if (localKeys) expect({ name, localKeys: auditKeysOf(replayed.local).slice(0, localKeys.length) }).toEqual({ name, localKeys });
      // Histories recorded before local activities have none.
      else expect({ name, local: replayed.local.length }).toEqual({ name, local: 0 });
    }
  });

  test('recorded histories replay without non-determinism on the current workflow code', async () => {
    const all = histories();
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const { name, history } of all) {
      try {
        await Worker.runReplayHistory({ workflowsPath: workflowsPath(), replayName: name }, history);
      } catch (err) {
        throw new Error(`${name} no longer replays: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  });
}

type History = ReturnType<typeof historyFromJSON>;

/** The inputs of every activity the original run scheduled, decoded from its history. */
function scheduledInputs(history: History): unknown[][] {
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a): a is NonNullable<typeof a> => !!a)
    .map((a) => (a.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p)));
}

/** Audit event keys in activity inputs (progress batches, incident reports), and the mail, document and order keys. */
function auditKeysOf(inputs: unknown[][]): string[] {
  const keys: string[] = [];
  for (const args of inputs) {
    const input = args[0] as
      | { progress?: { events?: { eventKey: string }[] }; events?: { eventKey: string }[]; event?: { eventKey: string } | null; eventKey?: string }
      | undefined;
    for (const e of input?.progress?.events ?? input?.events ?? []) keys.push(e.eventKey);
    if (input?.event) keys.push(input.event.eventKey);
    // Mail, document and order keys: the same idempotency must hold for them.
    if (typeof input?.eventKey === 'string') keys.push(`activity:${input.eventKey}`);
  }
  return keys;
}
