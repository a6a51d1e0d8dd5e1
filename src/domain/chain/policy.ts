// Lookups over a ChainPolicy and the consistency check every policy must pass before a
// workflow runs it (also run by the unit tests for the shipped policies).
import type { ChainPolicy, StepDefinition, StepKey } from './policy.types';

/** The bots a bot step may name (`StepDefinition.bot`); each is also the rule id its step is decided by. */
export const BOT_IDS = {
  customerRegistryLookup: 'customer_capture.registry_lookup',
  renderContractDocument: 'contract_generation.render_html',
  createErpOrder: 'order_creation.erp_order',
} as const;

/**
 * Policies stored before steps named their bot (the input of contracts already running) say it
 * by the step key; they are replayed as they ran.
 */
const BOT_BY_STEP_KEY_BEFORE_THE_FIELD: Record<string, string> = {
  customer_capture: BOT_IDS.customerRegistryLookup,
  contract_generation: BOT_IDS.renderContractDocument,
  order_creation: BOT_IDS.createErpOrder,
};

/** The bot that performs a bot step; undefined for rule steps and for a bot step that names none. */
export function botOf(step: StepDefinition): string | undefined {
  if (step.mode !== 'bot_activity') return undefined;
  if (step.bot !== undefined) return step.bot;
  return Object.prototype.hasOwnProperty.call(BOT_BY_STEP_KEY_BEFORE_THE_FIELD, step.key) ? BOT_BY_STEP_KEY_BEFORE_THE_FIELD[step.key] : undefined;
}

export function getStep(policy: ChainPolicy, key: StepKey): StepDefinition {
  const step = policy.steps.find((s) => s.key === key);
  if (!step) throw new Error(`Policy ${policy.version} has no step '${key}'`);
  return step;
}

/** Step keys in stage order (tracks of a stage left to right), as the chain would list them. */
export function stepKeysInOrder(policy: ChainPolicy): StepKey[] {
  return policy.stages.flatMap((stage) => stage.tracks.flat());
}

/**
 * Problems that make a policy unusable, one line each; empty when consistent. Rule steps whose
 * rule can ask a person need an assignee — `alwaysAutomaticRuleIds` names the rules that never
 * return `human` (intake returns to the rep, clause validation always approves).
 */
export function checkPolicy(
  policy: ChainPolicy,
  knownRuleIds: readonly string[],
  alwaysAutomaticRuleIds: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const defined = new Map<StepKey, number>();
  for (const step of policy.steps) defined.set(step.key, (defined.get(step.key) ?? 0) + 1);
  for (const [key, count] of defined) if (count > 1) problems.push(`Step '${key}' is defined ${count} times`);

  const staged = new Map<StepKey, number>();
  for (const key of stepKeysInOrder(policy)) staged.set(key, (staged.get(key) ?? 0) + 1);
  for (const [key, count] of staged) {
    if (!defined.has(key)) problems.push(`Stage refers to undefined step '${key}'`);
    if (count > 1) problems.push(`Step '${key}' appears ${count} times in the stages`);
  }
  for (const key of defined.keys()) if (!staged.has(key)) problems.push(`Step '${key}' is in no stage`);
  policy.stages.forEach((stage, i) => {
    if (stage.tracks.length === 0 || stage.tracks.some((t) => t.length === 0)) problems.push(`Stage ${i + 1} has an empty track`);
  });

  policy.steps.forEach((step, i) => {
    if (step.number !== i + 1) problems.push(`Step '${step.key}' has number ${step.number}, expected ${i + 1}`);
    if (step.mode === 'rule') {
      if (step.bot) problems.push(`Rule step '${step.key}' names a bot`);
      if (!step.ruleId || !knownRuleIds.includes(step.ruleId)) {
        problems.push(`Step '${step.key}' names unknown rule '${step.ruleId ?? ''}'`);
      } else if (!alwaysAutomaticRuleIds.includes(step.ruleId)) {
        if (!step.assignee) problems.push(`Step '${step.key}' can need a person but has no assignee`);
        if (!(step.slaBusinessHours > 0)) problems.push(`Step '${step.key}' can need a person but has no SLA`);
      }
    } else {
      if (step.ruleId) problems.push(`Bot step '${step.key}' names a rule`);
      if (!step.bot || !(Object.values(BOT_IDS) as string[]).includes(step.bot)) problems.push(`Bot step '${step.key}' names unknown bot '${step.bot ?? ''}'`);
      if (step.assignee) problems.push(`Bot step '${step.key}' has an assignee`);
    }
    if (step.inputs.length === 0) problems.push(`Step '${step.key}' reads no inputs`);
  });
  return problems;
}

/** Marks a policy version whose steps named after it approve themselves on timeout, set by ops config. */
const AUTO_TIMEOUT_MARK = '+auto-timeout:';

/**
 * The policy with `autoApproveOnTimeout` switched on for `stepKeys` (ops choose low-risk steps
 * without a code change). The version says so — `slim-2026.11.1+auto-timeout:tax_review` — so a
 * contract records exactly what it ran under, and `policyVariant` can rebuild it from that
 * version alone. No keys: the policy itself. Throws when a key is not a step a person decides.
 */
export function withAutoApproveOnTimeout(policy: ChainPolicy, stepKeys: readonly StepKey[]): ChainPolicy {
  const wanted = new Set(stepKeys);
  if (!wanted.size) return policy;
  if (policy.version.includes(AUTO_TIMEOUT_MARK)) throw new Error(`Policy ${policy.version} already has steps that approve on timeout`);
  for (const key of wanted) {
    const step = policy.steps.find((s) => s.key === key);
    if (!step?.assignee) {
      const human = policy.steps.filter((s) => s.assignee).map((s) => s.key);
      throw new Error(`'${key}' is not a step a person decides in policy ${policy.version}; choose from ${human.join(', ')}`);
    }
  }
  const ordered = policy.steps.filter((s) => wanted.has(s.key)).map((s) => s.key);
  return {
    ...policy,
    version: `${policy.version}${AUTO_TIMEOUT_MARK}${ordered.join(',')}`,
    steps: policy.steps.map((s) => (wanted.has(s.key) ? { ...s, autoApproveOnTimeout: true } : s)),
  };
}

/** Splits a version into the base policy version and the steps ops set to approve on timeout. */
export function parsePolicyVersion(version: string): { base: string; autoApproveOnTimeout: StepKey[] } {
  const at = version.indexOf(AUTO_TIMEOUT_MARK);
  if (at < 0) return { base: version, autoApproveOnTimeout: [] };
  return { base: version.slice(0, at), autoApproveOnTimeout: version.slice(at + AUTO_TIMEOUT_MARK.length).split(',').filter(Boolean) };
}

/**
 * Index of the first stage of the chain's closing: the trailing stages in which only bots run
 * (document, order). Once it starts, every approval is in and the contract can no longer be
 * withdrawn: the order may already be in the order system. `stages.length` when the chain ends
 * with a decision.
 */
export function closingStageIndex(policy: ChainPolicy): number {
  let index = policy.stages.length;
  while (index > 0) {
    const keys = policy.stages[index - 1].tracks.flat();
    if (!keys.every((key) => getStep(policy, key).mode === 'bot_activity')) break;
    index -= 1;
  }
  return index;
}
