// Which shared roles (held by more than one person, so routing balances between them) a step's
// decision may open a task for. The simulator serialises exactly those decisions, so that routing
// reads the same open-task counts in every run with the same seed.
import type { ChainPolicy, StepDefinition } from '../../src/domain/chain/policy.types';
import { RULE_IDS } from '../../src/domain/rules/rule-ids';

/** The step's role when more than one person holds it, else null. */
export function sharedRoleOf(def: StepDefinition, multiMemberRoles: ReadonlySet<string>): string | null {
  return def.assignee?.kind === 'role' && multiMemberRoles.has(def.assignee.role) ? def.assignee.role : null;
}

/**
 * Steps that may open a task as a consequence of deciding `key` (null: of starting the chain):
 * the rest of its track, then every later stage, up to the first step that always needs a person.
 */
export function followers(policy: ChainPolicy, key: string | null): StepDefinition[] {
  const defs = new Map(policy.steps.map((s) => [s.key, s]));
  const out: StepDefinition[] = [];
  let found = key === null;
  for (const stage of policy.stages) {
    if (!found) {
      const track = stage.tracks.find((t) => t.includes(key!));
      if (!track) continue;
      found = true;
      for (const k of track.slice(track.indexOf(key!) + 1)) out.push(defs.get(k)!);
      continue;
    }
    const keys = stage.tracks.flat();
    for (const k of keys) out.push(defs.get(k)!);
    if (keys.length === 1 && defs.get(keys[0])!.ruleId === RULE_IDS.legacyManual) break;
  }
  return out;
}

/** Step key ('' for the start of the chain) -> the shared roles its decision may open a task for. */
export function sharedRolesReached(policy: ChainPolicy, multiMemberRoles: ReadonlySet<string>): Map<string, string[]> {
  const shared = (defs: StepDefinition[]) => [...new Set(defs.map((d) => sharedRoleOf(d, multiMemberRoles)).filter((r): r is string => r !== null))];
  const out = new Map<string, string[]>();
  for (const def of policy.steps) out.set(def.key, shared(followers(policy, def.key)));
  out.set('', shared(followers(policy, null)));
  return out;
}
