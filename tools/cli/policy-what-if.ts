// `npm run policy:what-if`: prints the what-if table (POST /api/policy/what-if's answer) for the
// contracts submitted in a window of the database the configuration names (the one `npm start`
// runs on), for a stored version, a draft, or a version with changes given on the command line.
// Changes are applied and validated as a draft PATCH is (draft-changes.ts, validatePolicyDraft)
// but nothing is stored.
//
//   npm run policy:what-if -- --set pricing_review.maxDiscountPercent=12 --set sales_manager_approval.maxDiscountPercent=12
//   npm run policy:what-if -- --draft <id> --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z
import 'reflect-metadata';
import { checkArgs, type CliOption, type CliSpec, CliUsageError, parseCli } from '../../src/cli/cli-args';
import { loadConfigOrExit } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { validatePolicyDraft } from '../../src/domain/chain/policy-validation';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { withOrgTimeZone } from '../../src/domain/chain/slim.policy';
import type { StepVerdict } from '../../src/domain/chain/what-if';
import type { WhatIfSummary } from '../../src/domain/chain/what-if-tally';
import { applyDraftChanges, type DraftChanges, parseDraftChanges } from '../../src/policy/draft-changes';
import { WHAT_IF_MAX_CHANGES, WHAT_IF_MAX_WINDOW_DAYS } from '../../src/policy/policy.dto';
import { whatIfOverHistory } from '../../src/policy/what-if-history';
import { PolicyService } from '../../src/reference/policy.service';

const DAY_MS = 86_400_000;

const CLI = {
  usage: 'npm run policy:what-if -- [--version V | --draft ID] [--set step.param=value ...] [--from ISO] [--to ISO] [--changes N] [--json]',
  summary:
    "Compares what the workflow decided for the contracts submitted in [from, to) with a policy's rules: per step, automatic <-> human; human tasks per role; the automatic share; the contracts that change.",
  options: {
    version: { type: 'string', valueName: 'V', description: 'the stored version to ask, or to apply --set to (default: the version in force)' },
    draft: { type: 'string', valueName: 'ID', description: 'a stored draft to ask (with --set: applied over it)' },
    set: {
      type: 'string',
      multiple: true,
      valueName: 'step.param=value',
      description: 'a change: a step param (e.g. pricing_review.maxDiscountPercent=12) or slaBusinessHours; repeatable',
    },
    from: { type: 'string', valueName: 'ISO', description: `submitted at or after (default: ${WHAT_IF_MAX_WINDOW_DAYS} days before --to)` },
    to: { type: 'string', valueName: 'ISO', description: 'submitted before (default: now)' },
    changes: { type: 'string', default: '20', valueName: 'N', description: 'changed contract steps to list' },
    json: { type: 'boolean', description: 'print the whole answer as JSON' },
  },
} satisfies CliSpec<Record<string, CliOption>>;

/** `step.param=value` as draft changes; a value is JSON when it parses (12, true, ["a"]), else text. */
export function setsToChanges(sets: readonly string[]): DraftChanges {
  const steps: Record<string, { params?: Record<string, unknown>; slaBusinessHours?: unknown }> = {};
  for (const set of sets) {
    const m = /^([a-z_]+)\.([A-Za-z_]+)=(.*)$/.exec(set);
    if (!m) throw new CliUsageError(`--set takes step.param=value, e.g. pricing_review.maxDiscountPercent=12; got ${JSON.stringify(set)}`);
    const [, step, name, text] = m;
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // plain text, e.g. a time zone
    }
    steps[step] ??= {};
    if (name === 'slaBusinessHours') steps[step].slaBusinessHours = value;
    else steps[step].params = { ...steps[step].params, [name]: value };
  }
  const parsed = parseDraftChanges({ steps });
  if ('errors' in parsed) throw new CliUsageError(`--set: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.changes;
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const pad = (s: string, w: number) => s.padEnd(w);
const lpad = (s: string, w: number) => s.padStart(w);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const verdict = (v: StepVerdict) => (v.kind === 'human' ? `human (${v.role ?? '?'})` : v.kind === 'automatic' && v.outcome === 'return_to_rep' ? 'returned to rep' : v.kind);

/** The what-if answer as the terminal table the closing note pastes. */
export function formatWhatIf(s: WhatIfSummary, o: { title: string; from: Date; to: Date; changes: number; elapsedMs: number }): string {
  const out = [
    o.title,
    `Contracts submitted ${o.from.toISOString()} – ${o.to.toISOString()}: ${s.contracts}; ${s.contractsChanged} change; ${s.comparedDecisions} step decisions compared (decided both by the workflow and by the rules; ${s.expectedDecisions} of them on running contracts' steps not reached yet, counted as their own policy will decide them); ${o.elapsedMs} ms`,
    '',
    table(
      ['Step', 'Compared', 'Auto before', 'Auto after', 'Auto -> human', 'Human -> auto'],
      s.steps.filter((x) => x.decisions > 0).map((x) => [`${x.number}. ${x.stepName}`, String(x.decisions), String(x.automaticBefore), String(x.automaticAfter), String(x.automaticToHuman), String(x.humanToAutomatic)]),
    ),
    '',
    table(
      ['Human tasks by role', 'Before', 'After'],
      s.humanTasksByRole.map((r) => [r.role, String(r.before), String(r.after)]),
    ),
    '',
    `Automatic share of step decisions: ${pct(s.automaticShare.before)} before, ${pct(s.automaticShare.after)} after`,
  ];
  if (s.changes.length) {
    out.push('', `Changed contract steps${s.changes.length > o.changes || s.changesTruncated ? ` (first ${Math.min(o.changes, s.changes.length)})` : ''}:`);
    for (const c of s.changes.slice(0, o.changes)) out.push(`  ${c.title} (${c.contractId.slice(0, 8)}) ${c.stepKey}: ${verdict(c.before)} -> ${verdict(c.after)}: ${c.reason}`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), CLI);
  const args = checkArgs(CLI, () => {
    if (values.version !== undefined && values.draft !== undefined) throw new CliUsageError('give at most one of --version and --draft');
    const to = values.to === undefined ? new Date() : new Date(values.to);
    const from = values.from === undefined ? new Date(to.getTime() - WHAT_IF_MAX_WINDOW_DAYS * DAY_MS) : new Date(values.from);
    if (Number.isNaN(to.getTime())) throw new CliUsageError(`--to must be an ISO 8601 instant, got ${JSON.stringify(values.to)}`);
    if (Number.isNaN(from.getTime())) throw new CliUsageError(`--from must be an ISO 8601 instant, got ${JSON.stringify(values.from)}`);
    if (from.getTime() >= to.getTime()) throw new CliUsageError('--from must be before --to');
    const changes = Number(values.changes);
    if (!Number.isInteger(changes) || changes < 0) throw new CliUsageError(`--changes takes a whole number, got ${JSON.stringify(values.changes)}`);
    return { from, to, changes, sets: setsToChanges(values.set ?? []) };
  });
  const config = loadConfigOrExit();
  const db = createAppDataSource(config);
  await db.initialize();
  try {
    const policies = new PolicyService(config, db);
    await policies.refresh();
    let base: ChainPolicy;
    let name: string;
    if (values.draft !== undefined) {
      const rows: { policy: ChainPolicy }[] = await db.query(`SELECT policy FROM policy_versions WHERE id::text = $1 AND status = 'draft'`, [values.draft]);
      if (!rows.length) throw new CliUsageError(`--draft: there is no policy draft ${values.draft}`);
      base = withOrgTimeZone({ ...rows[0].policy, contractTargetHours: config.CONTRACT_TARGET_HOURS }, config.ORG_TIME_ZONE);
      name = `draft ${values.draft}`;
    } else {
      base = values.version === undefined ? policies.current() : policies.byVersion(values.version);
      name = base.version;
    }
    let asked = base;
    if (values.set?.length) {
      const applied = applyDraftChanges(base, args.sets);
      if ('errors' in applied) throw new CliUsageError(`--set: ${applied.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      const problems = validatePolicyDraft(applied.policy);
      if (problems.length) throw new CliUsageError(`--set: ${problems.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      asked = applied.policy;
      name = `${name} with ${values.set.join(', ')}`;
    }
    const started = performance.now();
    const summary = await whatIfOverHistory(
      db,
      asked,
      { from: args.from, to: args.to },
      (v) => {
        try {
          return policies.byVersion(v);
        } catch {
          return undefined;
        }
      },
      WHAT_IF_MAX_CHANGES,
    );
    const elapsedMs = Math.round(performance.now() - started);
    if (values.json) console.log(JSON.stringify({ policy: name, from: args.from, to: args.to, ...summary, elapsedMs }, null, 2));
    else console.log(formatWhatIf(summary, { title: `What-if: ${name}`, from: args.from, to: args.to, changes: args.changes, elapsedMs }));
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    if (err instanceof CliUsageError) {
      console.error(`policy:what-if: ${err.message}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  });
}
