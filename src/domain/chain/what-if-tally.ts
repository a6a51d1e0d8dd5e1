// Sums what-if comparisons over many contracts: per step, how many decisions change between
// automatic and human; which contract steps change and how; human tasks per approver role and the
// automatic share, before (recorded) and after (the asked policy). Only steps decided on both
// sides are compared, so a contract a person rejected half-way counts only for the steps it
// reached; a skipped step counts as decided without a person. Pure; fed one contract at a time.
import type { ChainPolicy } from './policy.types';
import { isAutomatic, isDecided, type StepVerdict, verdictsDiffer } from './what-if';

export interface WhatIfChange {
  contractId: string;
  title: string;
  stepKey: string;
  stepName: string;
  before: StepVerdict;
  after: StepVerdict;
  /** The asked policy's reason (its rule's). */
  reason: string;
}

export interface WhatIfStepTally {
  stepKey: string;
  stepName: string;
  number: number;
  /** Contracts whose step is decided both before and after. */
  decisions: number;
  automaticBefore: number;
  automaticAfter: number;
  automaticToHuman: number;
  humanToAutomatic: number;
}

export interface WhatIfSummary {
  contracts: number;
  contractsChanged: number;
  comparedDecisions: number;
  /** Of the compared decisions, those whose "before" is expected (a running contract's step not reached yet). */
  expectedDecisions: number;
  steps: WhatIfStepTally[];
  changes: WhatIfChange[];
  changesTruncated: boolean;
  humanTasksByRole: { role: string; before: number; after: number }[];
  automaticShare: { before: number | null; after: number | null };
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export class WhatIfTally {
  private contracts = 0;
  private contractsChanged = 0;
  private expected = 0;
  private readonly steps: WhatIfStepTally[];
  private readonly byKey: Map<string, WhatIfStepTally>;
  private readonly changes: WhatIfChange[] = [];
  private changesTruncated = false;
  private readonly roles = new Map<string, { before: number; after: number }>();

  constructor(
    policy: ChainPolicy,
    private readonly maxChanges: number,
  ) {
    this.steps = policy.steps.map((d) => ({ stepKey: d.key, stepName: d.name, number: d.number, decisions: 0, automaticBefore: 0, automaticAfter: 0, automaticToHuman: 0, humanToAutomatic: 0 }));
    this.byKey = new Map(this.steps.map((s) => [s.stepKey, s]));
  }

  /** One contract: what the workflow recorded for each step key, and the asked policy's verdicts. */
  add(contract: { id: string; title: string }, before: ReadonlyMap<string, StepVerdict>, after: readonly StepVerdict[]): void {
    this.contracts++;
    let changed = false;
    for (const a of after) {
      const b = before.get(a.stepKey);
      const step = this.byKey.get(a.stepKey);
      if (!b || !step || !isDecided(a) || !isDecided(b)) continue;
      step.decisions++;
      if (b.expected) this.expected++;
      if (isAutomatic(b)) step.automaticBefore++;
      if (isAutomatic(a)) step.automaticAfter++;
      if (isAutomatic(b) && !isAutomatic(a)) step.automaticToHuman++;
      if (!isAutomatic(b) && isAutomatic(a)) step.humanToAutomatic++;
      // A countersigned step is a task per approver (StepVerdict.tasks).
      if (b.kind === 'human') this.role(b.role).before += b.tasks ?? 1;
      if (a.kind === 'human') this.role(a.role).after += a.tasks ?? 1;
      if (!verdictsDiffer(b, a)) continue;
      changed = true;
      if (this.changes.length >= this.maxChanges) {
        this.changesTruncated = true;
        continue;
      }
      this.changes.push({ contractId: contract.id, title: contract.title, stepKey: a.stepKey, stepName: step.stepName, before: b, after: a, reason: a.reason ?? '' });
    }
    if (changed) this.contractsChanged++;
  }

  summary(): WhatIfSummary {
    const compared = this.steps.reduce((n, s) => n + s.decisions, 0);
    const autoBefore = this.steps.reduce((n, s) => n + s.automaticBefore, 0);
    const autoAfter = this.steps.reduce((n, s) => n + s.automaticAfter, 0);
    return {
      contracts: this.contracts,
      contractsChanged: this.contractsChanged,
      comparedDecisions: compared,
      expectedDecisions: this.expected,
      steps: this.steps.map((s) => ({ ...s })),
      changes: [...this.changes],
      changesTruncated: this.changesTruncated,
      humanTasksByRole: [...this.roles].map(([role, n]) => ({ role, ...n })).sort((x, y) => x.role.localeCompare(y.role)),
      automaticShare: { before: share(autoBefore, compared), after: share(autoAfter, compared) },
    };
  }

  private role(role: string | undefined): { before: number; after: number } {
    const key = role ?? 'unassigned';
    let entry = this.roles.get(key);
    if (!entry) this.roles.set(key, (entry = { before: 0, after: 0 }));
    return entry;
  }
}
