import { createHash } from 'node:crypto';
import { canonicalV2, ChainVerifier, type ChainRow, isoMicros, rowHash } from './audit-chain';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const row: ChainRow = {
      id: String(i * 2), // ids may have gaps
      eventKey: `k${i}`,
      type: 'TASK_DECIDED',
      actorKind: 'user',
      actorId: i % 3 ? `u${i}` : null,
      contractId: null,
      revision: '1',
      stepKey: 'legal_review',
      occurredAtUtc: `2030-03-04 01:02:0${i % 10}.12`,
      origin: null,
      data: `{"n": ${i}}`,
      prevHash: prev,
      hash: '',
      chainVersion: 2,
    };
    row.hash = rowHash(row)!;
    prev = row.hash;
    rows.push(row);
  }
  return rows;
}

const verify = (rows: ChainRow[]) => {
  const v = new ChainVerifier();
  v.check(rows);
  return v.finish();
};

test('the canonical form is sha256 over length-prefixed fields, NULL as "-"', () => {
  const [row] = chain(1);
  expect(canonicalV2(row)).toBe('greenlight-audit/v2;-1:22:k112:TASK_DECIDED4:user2:u1-1:112:legal_review27:2030-03-04T01:02:01.120000Z-8:{"n": 1}');
  expect(row.hash).toBe(createHash('sha256').update(canonicalV2(row)).digest('hex'));
  expect(isoMicros('2030-03-04 01:02:03')).toBe('2030-03-04T01:02:03.000000Z');
});

test('an intact chain verifies; gaps in ids are fine', () => {
  expect(verify(chain(5))).toMatchObject({ ok: true, rowsChecked: 5, head: { id: '10' } });
});

test('edits, deletions and re-orderings are each caught at the first wrong row', () => {
  const edited = chain(5);
  edited[2] = { ...edited[2], data: '{"n": 99}' };
  expect(verify(edited).problem).toMatchObject({ kind: 'hash_mismatch', id: '6', previousId: '4' });

  const deleted = chain(5);
  deleted.splice(2, 1);
  expect(verify(deleted).problem).toMatchObject({ kind: 'broken_link', id: '8', previousId: '4' });

  const swapped = chain(5);
  [swapped[1], swapped[2]] = [{ ...swapped[2], id: swapped[1].id }, { ...swapped[1], id: swapped[2].id }];
  expect(verify(swapped).problem).toMatchObject({ kind: 'hash_mismatch', id: '4' });

  expect(verify(chain(5).slice(1)).problem).toMatchObject({ kind: 'missing_start', id: '4' });
});
