// `npm run audit:verify`: walks the audit trail's hash chain and recomputes every hash outside
// the database (src/audit/audit-chain.ts). Prints the first broken or missing link and exits 1,
// or prints the head (record it elsewhere, and pass it back with --expect-head to detect a
// rewritten or truncated tail) and exits 0.
//
//   npm run audit:verify [-- --expect-head <id>:<hash>] [--json]
import 'reflect-metadata';
import { loadConfigOrExit } from '../config/env.schema';
import { createAppDataSource } from '../database/data-source';
import { type ChainVerification, verifyAuditChain } from '../audit/audit-chain';
import { AuditRepository } from '../audit/audit.repository';
import { checkArgs, type CliOption, type CliSpec, CliUsageError, parseCli } from './cli-args';

interface Args {
  expectHead?: { id: string; hash: string };
  json: boolean;
}

const CLI = {
  usage: 'npm run audit:verify [-- --expect-head <id>:<hash>] [--json]',
  summary: "Walks the audit trail's hash chain and recomputes every hash; exits 1 at the first broken or missing link.",
  options: {
    'expect-head': { type: 'string', valueName: 'id:hash', description: 'the head a previous run printed; a rewritten or truncated tail then fails' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
} satisfies CliSpec<Record<string, CliOption>>;

export function auditVerifyArgs(argv: string[]): Args {
  const { values } = parseCli(argv, CLI);
  return checkArgs(CLI, () => {
    const args: Args = { json: values.json ?? false };
    if (values['expect-head'] !== undefined) {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(values['expect-head']);
      if (!m) throw new CliUsageError('--expect-head takes <id>:<sha256 hex>, as printed by a previous run');
      args.expectHead = { id: m[1], hash: m[2] };
    }
    return args;
  });
}

export function describeVerification(v: ChainVerification): string {
  const versions = Object.entries(v.versions)
    .map(([version, n]) => `${n} v${version}`)
    .join(', ');
  if (v.ok) {
    return v.head
      ? `audit chain OK: ${v.rowsChecked} rows (${versions}); head #${v.head.id} ${v.head.hash}`
      : 'audit chain OK: the audit trail is empty';
  }
  const p = v.problem!;
  return [
    `audit chain BROKEN after ${v.rowsChecked} rows: ${p.kind} at row #${p.id}${p.previousId ? ` (previous row #${p.previousId})` : ''}`,
    `  ${p.message}`,
    ...(p.expected || p.actual ? [`  expected ${p.expected ?? 'none'}`, `  found    ${p.actual ?? 'none'}`] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = auditVerifyArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  const db = createAppDataSource(config);
  await db.initialize();
  try {
    const started = Date.now();
    const result = await verifyAuditChain(new AuditRepository(db).chainRows, { expectHead: args.expectHead });
    if (args.json) console.log(JSON.stringify({ ...result, ms: Date.now() - started }, null, 2));
    else console.log(`${describeVerification(result)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error('audit:verify failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
