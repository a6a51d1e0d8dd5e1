// The largest body the contract DTOs accept, for the body-limit tests: every bound of
// CONTRACT_BOUNDS at its maximum, in characters that cost the most bytes.
import { CONTRACT_BOUNDS as B } from '../../src/contracts/contract.dto';

/** Every string at its maximum length in a character that costs 3 bytes in UTF-8 and 6 when \u-escaped. */
export function largestValidContract(): Record<string, unknown> {
  const cjk = (n: number) => '中'.repeat(n);
  const perClause = B.clauseTextMaxLength;
  const fullClauses = Math.floor(B.clauseTextsTotalMaxLength / perClause);
  return {
    title: cjk(B.titleMaxLength),
    // Not CN: a CN registration number must be an 18-character USCC; other countries' may be 64 characters.
    customer: { name: cjk(B.customerNameMaxLength), registrationNumber: cjk(B.registrationNumberMaxLength), country: 'JP' },
    currency: 'CNY',
    amount: 9_999_999_999_999.99,
    paymentTermsDays: B.paymentTermsDaysMax,
    requestedDeliveryDate: '2099-12-31',
    personalData: false,
    lines: Array.from({ length: B.linesMax }, () => ({ sku: cjk(B.skuMaxLength), quantity: B.quantityMax, unitPrice: 19_999.99, taxRatePercent: 99.9999 })),
    clauses: Array.from({ length: B.clausesMax }, (_, i) => ({ key: `${i}`.padStart(B.clauseKeyMaxLength, '中'), text: i < fullClauses ? cjk(perClause) : '' })),
    baseRevision: B.revisionMax,
    comment: cjk(B.commentMaxLength),
  };
}

/** JSON as a client that escapes every non-ASCII character (Python's json.dumps default) sends it. */
export function asciiJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007F-\uFFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
