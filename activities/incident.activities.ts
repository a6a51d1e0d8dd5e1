// Incidents: the workflow reports the activity failures it cannot get past, so the contract
// shows that it needs attention (and why) instead of silently standing still. The texts come
// from error messages, which may quote the very data that failed: they are cleaned of what
// PostgreSQL cannot store before they are written, so reporting can never fail the same way.
import type { DataSource } from 'typeorm';
import { insertAuditEvents } from '../src/audit/audit.repository';
import type { ContractRecordsRepository } from '../src/contracts/contract-records.repository';
import type { Incident } from '../src/domain/chain/engine.types';
import type { ContractActivities } from './activity.types';

const MAX_MESSAGE = 2000;

/** Drops NUL and unpaired surrogates (PostgreSQL refuses both in text and jsonb) and bounds the length. */
export function storableText(text: string, max = MAX_MESSAGE): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k, 200), storableValue(v)]));
  return value;
}

function storableIncident(i: Incident): Incident {
  return { ...i, activity: storableText(i.activity, 200), errorType: storableText(i.errorType, 200), message: storableText(i.message) };
}

export function createIncidentActivities(deps: { db: DataSource; records: ContractRecordsRepository }): Pick<ContractActivities, 'reportIncidents'> {
  return {
    async reportIncidents({ contractId, open, event }) {
      const incidents = open.map(storableIncident);
      await deps.db.transaction(async (m) => {
        await deps.records.setIncidents(m, contractId, incidents);
        if (event) await insertAuditEvents(m, [{ ...event, origin: (storableValue(event.origin ?? null) as Record<string, unknown> | null), data: storableValue(event.data) as Record<string, unknown> }]);
      });
    },
  };
}
