// Verifies the audit trail's hash chain from outside the database: every row's hash is
// recomputed here, in Node, from the columns read as text, and every row's prev_hash must be the
// hash of the row before it. The database computes the chain on insert (a trigger); recomputing
// it independently is what makes an edit by someone who can bypass that trigger visible.
//
// What the chain shows, and what it cannot:
// - an edited row: its stored hash no longer matches its contents;
// - a deleted row: the next row's prev_hash names a hash that is not the previous row's;
// - a re-ordered row: the hash covers the row's id, so a row moved to another id fails, and the
//   rows around it no longer link;
// - a rewritten tail (every hash recomputed after an edit) looks valid: compare the head printed
//   here with one recorded elsewhere (--expect-head) to catch that, and a deletion of the last
//   rows the same way.
// Ids may have gaps: a rolled-back insert or an idempotent insert that hit its event key still
// drew an id. Links, not ids, decide whether a row is missing.
import { createHash } from 'node:crypto';

/** A row as the verifier reads it: every column as PostgreSQL renders it in text. */
export interface ChainRow {
  id: string;
  eventKey: string;
  type: string;
  actorKind: string;
  actorId: string | null;
  contractId: string | null;
  revision: string | null;
  stepKey: string | null;
  /** `(occurred_at AT TIME ZONE 'UTC')::text`, e.g. '2026-03-04 01:02:03.4567'. */
  occurredAtUtc: string;
  origin: string | null;
  data: string;
  prevHash: string | null;
  hash: string;
  chainVersion: number;
}

export type ChainProblemKind =
  /** The row's stored hash does not match its contents: edited, or moved to another id. */
  | 'hash_mismatch'
  /** prev_hash is not the previous row's hash: rows in between were deleted, or rows re-ordered. */
  | 'broken_link'
  /** The first row links to a predecessor that is not there: the chain's first rows were deleted. */
  | 'missing_start'
  /** The row claims a chain version this verifier does not know. */
  | 'unknown_version'
  /** The last row is not the head recorded elsewhere. */
  | 'head_mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The first row found wrong. */
  id: string;
  /** The row before it, when there is one. */
  previousId: string | null;
  expected: string | null;
  actual: string | null;
  message: string;
}

export interface ChainVerification {
  ok: boolean;
  rowsChecked: number;
  /** The last row checked: record it elsewhere to detect a rewritten or truncated tail later. */
  head: { id: string; hash: string } | null;
  versions: Record<number, number>;
  problem: ChainProblem | null;
}

const V2_PREFIX = 'greenlight-audit/v2;';

/** The text the initial schema's audit_events_canonical() hashes: concat_ws('|', …) with NULL as ''. */
export function canonicalV1(r: ChainRow): string {
  return [
    r.prevHash ?? '',
    r.id,
    r.eventKey,
    r.type,
    r.actorKind,
    r.actorId ?? '',
    r.contractId ?? '',
    r.revision ?? '',
    r.stepKey ?? '',
    isoMicros(r.occurredAtUtc),
    r.origin ?? '',
    r.data,
  ].join('|');
}

function field(v: string | null): string {
  return v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`;
}

/** The text audit_events_canonical_v2() hashes: each field as <bytes>:<value>, NULL as '-'. */
export function canonicalV2(r: ChainRow): string {
  return (
    V2_PREFIX +
    [r.prevHash, r.id, r.eventKey, r.type, r.actorKind, r.actorId, r.contractId, r.revision, r.stepKey, isoMicros(r.occurredAtUtc), r.origin, r.data]
      .map(field)
      .join('')
  );
}

export function canonicalText(r: ChainRow): string | null {
  if (r.chainVersion === 1) return canonicalV1(r);
  if (r.chainVersion === 2) return canonicalV2(r);
  return null;
}

export function rowHash(r: ChainRow): string | null {
  const text = canonicalText(r);
  return text === null ? null : createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * '2026-03-04 01:02:03.4567' (PostgreSQL's text for a timestamp, trailing zeros dropped) as
 * '2026-03-04T01:02:03.456700Z', the form to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') gives.
 */
export function isoMicros(pgTimestamp: string): string {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(pgTimestamp);
  if (!m) throw new Error(`Unexpected timestamp text '${pgTimestamp}'`);
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0')}Z`;
}

const short = (h: string | null) => (h ? `${h.slice(0, 12)}…` : 'none');

/**
 * Checks rows in id order, one batch at a time. Pure over its input: feed it batches with
 * `check`, then `finish`; the first problem stops the walk.
 */
export class ChainVerifier {
  private previous: ChainRow | null = null;
  private rows = 0;
  private readonly versions: Record<number, number> = {};
  private problem: ChainProblem | null = null;

  constructor(private readonly options: { expectHead?: { id: string; hash: string } } = {}) {}

  /** Returns false once a problem was found (stop reading). */
  check(rows: readonly ChainRow[]): boolean {
    for (const row of rows) {
      if (this.problem) return false;
      this.checkRow(row);
    }
    return !this.problem;
  }

  private fail(kind: ChainProblemKind, row: ChainRow, expected: string | null, actual: string | null, message: string): void {
    this.problem = { kind, id: row.id, previousId: this.previous?.id ?? null, expected, actual, message };
  }

  private checkRow(row: ChainRow): void {
    this.rows += 1;
    this.versions[row.chainVersion] = (this.versions[row.chainVersion] ?? 0) + 1;
    const computed = rowHash(row);
    if (computed === null) {
      this.fail('unknown_version', row, null, String(row.chainVersion), `row #${row.id}: unknown chain version ${row.chainVersion}`);
      return;
    }
    if (computed !== row.hash) {
      this.fail(
        'hash_mismatch',
        row,
        computed,
        row.hash,
        `row #${row.id} (${row.type}) was altered: its contents hash to ${short(computed)} but it stores ${short(row.hash)} — edited, or moved here from another position`,
      );
      return;
    }
    const prev = this.previous;
    if (prev === null) {
      if (row.prevHash !== null) {
        this.fail(
          'missing_start',
          row,
          null,
          row.prevHash,
          `row #${row.id} is the first row but links to a predecessor (${short(row.prevHash)}): the rows before it are missing`,
        );
        return;
      }
    } else if (row.prevHash !== prev.hash) {
      this.fail(
        'broken_link',
        row,
        prev.hash,
        row.prevHash,
        `missing link between row #${prev.id} and row #${row.id}: #${row.id} follows a row with hash ${short(row.prevHash)}, ` +
          `but the row before it (#${prev.id}) has ${short(prev.hash)} — a row between them was deleted, or rows were re-ordered`,
      );
      return;
    }
    this.previous = row;
  }

  finish(): ChainVerification {
    const head = this.previous ? { id: this.previous.id, hash: this.previous.hash } : null;
    const expect = this.options.expectHead;
    if (!this.problem && expect && (head?.id !== expect.id || head?.hash !== expect.hash)) {
      this.problem = {
        kind: 'head_mismatch',
        id: head?.id ?? '',
        previousId: null,
        expected: `${expect.id}:${expect.hash}`,
        actual: head ? `${head.id}:${head.hash}` : null,
        message: head
          ? `the chain ends at row #${head.id} (${short(head.hash)}), not at the recorded head #${expect.id} (${short(expect.hash)}): rows were removed from or rewritten at the end`
          : `the audit trail is empty, but a head #${expect.id} was recorded`,
      };
    }
    return { ok: !this.problem, rowsChecked: this.rows, head, versions: { ...this.versions }, problem: this.problem };
  }
}

/** A row of AuditRepository's CHAIN_ROWS_SQL as the verifier reads it. */
export function toChainRow(r: Record<string, unknown>): ChainRow {
  return {
    id: r.id as string,
    eventKey: r.event_key as string,
    type: r.type as string,
    actorKind: r.actor_kind as string,
    actorId: (r.actor_id as string | null) ?? null,
    contractId: (r.contract_id as string | null) ?? null,
    revision: (r.revision as string | null) ?? null,
    stepKey: (r.step_key as string | null) ?? null,
    occurredAtUtc: r.occurred_at_utc as string,
    origin: (r.origin as string | null) ?? null,
    data: r.data as string,
    prevHash: (r.prev_hash as string | null) ?? null,
    hash: r.hash as string,
    chainVersion: Number(r.chain_version),
  };
}

/** Reads up to `limit` rows after id `afterId`, in id order (AuditRepository.chainRows). */
export type ChainRowReader = (afterId: string, limit: number) => Promise<ChainRow[]>;

/** Walks the whole audit trail with keyset pagination (constant memory at any size). */
export async function verifyAuditChain(
  read: ChainRowReader,
  options: { batchSize?: number; expectHead?: { id: string; hash: string }; onProgress?: (rowsChecked: number) => void } = {},
): Promise<ChainVerification> {
  const verifier = new ChainVerifier({ expectHead: options.expectHead });
  const batchSize = options.batchSize ?? 5000;
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = await read(after, batchSize);
    if (!rows.length) break;
    const goOn = verifier.check(rows);
    checked += rows.length;
    options.onProgress?.(checked);
    if (!goOn || rows.length < batchSize) break;
    after = rows[rows.length - 1].id;
  }
  return verifier.finish();
}
