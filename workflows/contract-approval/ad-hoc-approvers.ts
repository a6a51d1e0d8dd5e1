// Approvers added to a running contract (the addApprover Update): the validator asks the domain's
// rule (src/domain/chain/ad-hoc-step.ts), the handler adds the step to the run (its definition,
// its pending record, APPROVER_ADDED) and answers once that is stored; the chain runner runs the
// added steps of a step right after it, on its track (runAfter), each as a human step like any
// other: a task for the named person, its mail, SLA reminders and escalation.
// Everything here is new behaviour: the handler runs it only behind patched('ad-hoc-approvers'),
// and a run without added approvers takes no other path than before (runAfter is not awaited).
import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import {
  AD_HOC_RULE_ID,
  type AddApproverRequest,
  type AdHocStepFacts,
  addApproverRefusal,
  adHocStepDefinition,
  adHocStepKey,
} from '../../src/domain/chain/ad-hoc-step';
import type { ContractSnapshot } from '../../src/domain/chain/engine.types';
import { KEEPABLE_STATUSES } from '../../src/domain/chain/step-status';
import { DomainErrorCode } from '../../src/domain/errors';
import type { RuleResult } from '../../src/domain/rules/rule.types';
import { type ContractRun, fail, nowIso, refuse } from './contract-run';
import type { HumanStep } from './human-step';
import { addApproverUpdate } from './messages';
import type { ProgressRecorder } from './progress-recorder';
import { applyStepEvent, executeTaskCommands } from './task-transitions';

export const AD_HOC_APPROVERS_PATCH = 'ad-hoc-approvers';

const byRun = new WeakMap<ContractRun, AdHocApprovers>();

export class AdHocApprovers {
  /** The added steps, in the order they were added. */
  private readonly added: AdHocStepFacts[] = [];
  /** The added steps' keys by the step they follow; read live, so a step added while its list runs still runs. */
  private readonly after = new Map<string, string[]>();

  private constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  /** One per run: the Update handlers add steps, the chain runner runs them. */
  static of(run: ContractRun, rec: ProgressRecorder): AdHocApprovers {
    let found = byRun.get(run);
    if (!found) {
      found = new AdHocApprovers(run, rec);
      byRun.set(run, found);
    }
    return found;
  }

  install(): void {
    setHandler(addApproverUpdate, (req) => this.onAdd(req), { validator: (req) => this.validate(req) });
  }

  private validate(req: AddApproverRequest): void {
    // A retry of a request already taken is answered with the contract as it is now.
    if (this.added.some((a) => a.requestKey === req.requestKey)) return;
    const run = this.run;
    if (!req.requestKey) fail(DomainErrorCode.VALIDATION_FAILED, 'requestKey is required', { field: 'requestKey' });
    refuse(
      addApproverRefusal({
        policy: run.policy,
        steps: run.steps,
        status: run.status,
        halted: run.halt !== null || run.withdrawRequest !== null,
        finished: run.finished,
        closing: run.closing,
        submitterId: run.input.submitterId,
        userId: req.userId,
        stepAfter: req.stepAfter,
        reason: req.reason ?? '',
      }),
    );
  }

  private async onAdd(req: AddApproverRequest): Promise<ContractSnapshot> {
    const { run, rec } = this;
    if (this.added.some((a) => a.requestKey === req.requestKey)) return run.snapshot();
    if (!patched(AD_HOC_APPROVERS_PATCH)) fail(DomainErrorCode.VALIDATION_FAILED, 'This contract started before approvers could be added to a running contract');
    const key = adHocStepKey(this.added.length + 1);
    const def = adHocStepDefinition({ policy: run.policy, key, after: run.defs.get(req.stepAfter)!, userId: req.userId, role: req.role, approverName: req.approverName });
    // The chain's state machine finds a step's definition in the policy (approval on timeout, bot or rule).
    run.policy.steps.push(def);
    run.defs.set(key, def);
    run.steps.set(key, { key, number: def.number, name: def.name, status: 'pending', revision: run.revision });
    const facts: AdHocStepFacts = {
      key,
      requestKey: req.requestKey,
      stepAfter: req.stepAfter,
      userId: req.userId,
      role: req.role,
      byUserId: req.byUserId,
      reason: req.reason.trim(),
      addedAt: nowIso(),
      revision: run.revision,
    };
    this.added.push(facts);
    const list = this.after.get(req.stepAfter) ?? [];
    list.push(key);
    this.after.set(req.stepAfter, list);
    rec.touch(key);
    rec.event(key, AUDIT_EVENT_TYPES.APPROVER_ADDED, 'user', req.byUserId, key, {
      stepKey: key,
      stepName: def.name,
      stepAfter: req.stepAfter,
      userId: req.userId,
      role: req.role,
      reason: facts.reason,
      slaBusinessHours: def.slaBusinessHours,
      requestKey: req.requestKey,
    }, req.origin);
    if (run.withIncidents) await rec.settledOrIncident(rec.flush());
    else await rec.flush();
    return run.snapshot();
  }

  /** Whether steps were added after `key` (checked before awaiting runAfter, so a run without any awaits nothing more than before). */
  hasAfter(key: string): boolean {
    return this.after.has(key);
  }

  /** Runs the steps added after `key`, in the order added (and those added after them); returns whether the track may go on. */
  async runAfter(key: string, human: HumanStep): Promise<boolean> {
    for (const added of this.after.get(key) ?? []) {
      if (this.run.halted()) return false;
      if (!(await this.runStep(added, human))) return false;
      if (this.hasAfter(added) && !(await this.runAfter(added, human))) return false;
    }
    return true;
  }

  /** An added step: started and handed to its person through the chain's state machine, like a rule that asks a person. */
  private async runStep(key: string, human: HumanStep): Promise<boolean> {
    const { run, rec } = this;
    const step = run.steps.get(key)!;
    const def = run.defs.get(key)!;
    const facts = this.added.find((a) => a.key === key)!;
    const start = applyStepEvent(run, rec, key, { type: 'step_started', stepKey: key, now: nowIso() });
    if (step.status !== 'in_progress') return false;
    executeTaskCommands(run, rec, start.filter((c) => c.type !== 'EvaluateRule'));
    const result: RuleResult = {
      outcome: 'human',
      ruleId: AD_HOC_RULE_ID,
      reason: `Approver added after ${facts.stepAfter}: ${facts.reason}`,
      inputs: { adHoc: true, addedBy: facts.byUserId, userId: facts.userId, role: facts.role, stepAfter: facts.stepAfter, reason: facts.reason },
    };
    // Never kept from an earlier revision: the added approver is asked again on each one.
    const commands = applyStepEvent(run, rec, key, { type: 'rule_result', stepKey: key, fingerprint: `ad-hoc:${key}:${run.revision}`, result, taskId: uuid4(), now: nowIso() });
    executeTaskCommands(run, rec, commands);
    const open = commands.find((c) => c.type === 'OpenTask');
    if (open) return human.runHumanStep(def, open.ruleResult, open.taskId);
    return KEEPABLE_STATUSES.has(step.status);
  }
}
