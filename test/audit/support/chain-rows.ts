// Reads the audit chain through a plain pg client (the superuser's, in tests that tamper with the
// trail inside their own transaction), with the same statement AuditRepository runs.
import type { Client } from 'pg';
import { type ChainRowReader, toChainRow } from '../../../src/audit/audit-chain';
import { CHAIN_ROWS_SQL } from '../../../src/audit/audit.repository';

export const chainRowsOf =
  (client: Client): ChainRowReader =>
  async (afterId, limit) =>
    (await client.query(CHAIN_ROWS_SQL, [afterId, limit])).rows.map(toChainRow);
