// Fingerprints of what a step read, so that a revision re-decides only the steps whose inputs
// changed. Runs inside the Temporal workflow sandbox, hence pure JavaScript: no Node crypto, no
// TextEncoder; the same value must hash the same on every machine and every replay.
import type { InputKey, StepDefinition } from '../chain/policy.types';
import type { EvaluationContext } from './rule.types';

/** The slice of the context each input key names. */
function slice(key: InputKey, ctx: EvaluationContext, approvals: Record<string, string> | undefined): unknown {
  const contract = ctx.contract;
  switch (key) {
    case 'title':
      return contract.title;
    case 'customer':
      return contract.customer;
    case 'customerRecord': {
      if (!ctx.customer) return null;
      // `created` flips from true to false between the first submission and a revision (the
      // record exists by then) without any fact about the customer changing.
      const { created: _created, ...record } = ctx.customer;
      return record;
    }
    case 'currency':
      return contract.currency;
    case 'amount':
      return contract.amount;
    case 'paymentTermsDays':
      return contract.paymentTermsDays;
    case 'requestedDeliveryDate':
      return contract.requestedDeliveryDate;
    case 'personalData':
      return contract.personalData;
    case 'lines':
      return contract.lines;
    case 'products':
      // Unknown SKUs map to null so that adding the product to the catalogue changes the fingerprint.
      return Object.fromEntries(contract.lines.map((l) => [l.sku, ctx.products[l.sku] ?? null]));
    case 'clauses':
      return contract.clauses;
    case 'clauseDeviations':
      return ctx.clauseDeviations ?? null;
    case 'derived':
      return ctx.derived;
    case 'submitter':
      return ctx.submitterId;
    case 'approvals':
      return approvals ?? {};
  }
}

/** The values a step reads, by input key; what gets fingerprinted and compared across revisions. */
export function stepInputs(
  step: StepDefinition,
  ctx: EvaluationContext,
  approvals?: Record<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(step.inputs.map((key) => [key, slice(key, ctx, approvals)]));
}

/**
 * JSON with object keys sorted at every depth. Follows JSON.stringify for everything else:
 * undefined properties are dropped, undefined in arrays and non-finite numbers become null,
 * toJSON (Dates) is honoured.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'function':
    case 'symbol':
      return 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((k) => record[k] !== undefined && typeof record[k] !== 'function' && typeof record[k] !== 'symbol')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * FNV-1a 64-bit over the UTF-8 bytes, computed in four 16-bit limbs so every intermediate stays
 * an exact small integer (no BigInt, no 53-bit precision loss). Returns 16 hex digits.
 */
export function fnv1a64(text: string): string {
  // offset basis 0xcbf29ce484222325, little-endian limbs
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number): void => {
    h0 ^= byte;
    // multiply by the prime 2^40 + 0x1b3, modulo 2^64
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) mix(code);
    else if (code < 0x800) {
      mix(0xc0 | (code >> 6));
      mix(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      mix(0xe0 | (code >> 12));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    } else {
      mix(0xf0 | (code >> 18));
      mix(0x80 | ((code >> 12) & 0x3f));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    }
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

/** Stable hash of any JSON-like value: key order does not matter, every value change does. */
export function fingerprint(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}
