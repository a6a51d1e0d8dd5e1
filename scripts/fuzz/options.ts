// The fuzz run's options: command-line flags, each with an environment variable and a default.
import { parseArgs } from 'node:util';

export const ROLE_OF: Record<string, string> = { alice: 'rep', bob: 'rep', sam: 'approver', lee: 'approver', olivia: 'ops' };

export class UsageError extends Error {}

export interface Options {
  baseUrl?: string;
  maxExamples: number;
  seed: number;
  requestTimeoutS: number;
  maxMinutes: number;
  roles: string[];
  workers: number;
}

export function usage(): string {
  return [
    'Usage: npm run fuzz [-- options]',
    '  --base-url URL          fuzz a running stack (FUZZ_BASE_URL); default: start one on free ports',
    '  --max-examples N        generated cases per operation and phase (FUZZ_MAX_EXAMPLES, default 50)',
    '  --seed S                random seed (FUZZ_SEED, default 11)',
    '  --request-timeout S     seconds before a request counts as hung (FUZZ_REQUEST_TIMEOUT, default 30)',
    '  --max-minutes M         budget for the whole run, servers included (FUZZ_MAX_MINUTES, default 30)',
    '  --roles a,b,c           demo users to fuzz as (FUZZ_ROLES, default alice,sam,olivia)',
    '  --workers N             concurrent schemathesis workers (FUZZ_WORKERS, default 1)',
  ].join('\n');
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
      'request-timeout': { type: 'string' },
      'max-minutes': { type: 'string' },
      roles: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const num = (flag: string, env: string, fallback: number, check: (n: number) => boolean, rule: string): number => {
    const raw = (values as Record<string, string | undefined>)[flag] ?? process.env[env];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} (${env}) must be ${rule}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const roles = (values.roles ?? process.env.FUZZ_ROLES ?? 'alice,sam,olivia').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(r in ROLE_OF));
  if (!roles.length || unknown.length) throw new UsageError(`--roles (FUZZ_ROLES) must list demo users among ${Object.keys(ROLE_OF).join(', ')}; got ${unknown.join(', ') || 'none'}`);
  const baseUrl = values['base-url'] ?? process.env.FUZZ_BASE_URL;
  if (baseUrl) {
    try {
      if (!['http:', 'https:'].includes(new URL(baseUrl).protocol)) throw new Error();
    } catch {
      throw new UsageError(`--base-url (FUZZ_BASE_URL) must be an http(s) URL such as http://localhost:3000, got ${JSON.stringify(baseUrl)}`);
    }
  }
  const isInt = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    maxExamples: num('max-examples', 'FUZZ_MAX_EXAMPLES', 50, isInt(1, 100_000), 'an integer from 1 to 100000'),
    seed: num('seed', 'FUZZ_SEED', 11, isInt(0, 2 ** 31 - 1), 'a non-negative integer'),
    requestTimeoutS: num('request-timeout', 'FUZZ_REQUEST_TIMEOUT', 30, (n) => n > 0 && n <= 600, 'a number of seconds from 0 to 600'),
    maxMinutes: num('max-minutes', 'FUZZ_MAX_MINUTES', 30, (n) => n > 0 && n <= 24 * 60, 'a number of minutes up to 1440'),
    roles,
    // One worker: schemathesis' workers are threads, and on Python 3.11 two threads building
    // deeply nested examples at once can trip CPython's shared AST recursion counter
    // ("SystemError: AST constructor recursion depth mismatch", python/cpython#106905), which
    // fails the run for a reason that is not the API's.
    workers: num('workers', 'FUZZ_WORKERS', 1, isInt(1, 64), 'an integer from 1 to 64'),
  };
}
