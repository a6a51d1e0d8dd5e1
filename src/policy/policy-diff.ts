// A structured diff between two policy versions, written on the policy's own structure rather
// than with the `diff` package: `diff` compares text or arrays by position, so moving a step or
// regrouping a stage would read as a wall of changed lines. Here steps are matched by key, so a
// change reads as `steps.pricing_review.params.maxDiscountPercent: 10 → 12`; lists (stages,
// currencies, inputs, reminder fractions) are compared as whole values.
import type { ChainPolicy } from '../domain/chain/policy.types';

export interface PolicyChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

export function diffPolicies(from: ChainPolicy, to: ChainPolicy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const { steps: fromSteps, version: _fv, ...fromRest } = from;
  const { steps: toSteps, version: _tv, ...toRest } = to;
  diffValues('', fromRest, toRest, changes);
  const before = new Map(fromSteps.map((s) => [s.key, s]));
  const after = new Map(toSteps.map((s) => [s.key, s]));
  for (const [key, step] of before) {
    const next = after.get(key);
    if (!next) changes.push({ path: `steps.${key}`, kind: 'removed', from: step });
    else diffValues(`steps.${key}`, step, next, changes);
  }
  for (const [key, step] of after) if (!before.has(key)) changes.push({ path: `steps.${key}`, kind: 'added', to: step });
  return changes;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function diffValues(path: string, a: unknown, b: unknown, out: PolicyChange[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in a)) out.push({ path: at, kind: 'added', to: b[key] });
      else if (!(key in b)) out.push({ path: at, kind: 'removed', from: a[key] });
      else diffValues(at, a[key], b[key], out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: 'changed', from: a, to: b });
}
