// Runs one revision of the chain: the policy's stages in order, the tracks of a stage in
// parallel, the steps of a track one after another. A step is kept from the previous revision
// when its inputs did not change (the domain's keepOrRedecide), performed by its bot, decided by
// its rule, or handed to a person (human-step.ts). A halt stops the chain; the end of the revision
// (cancelling open tasks, the outcome) goes through the chain's state machine (revision-end.ts).
import { uuid4 } from '@temporalio/workflow';
import { closingStageIndex } from '../../src/domain/chain/policy';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import { keepOrRedecide } from '../../src/domain/chain/revision-keeping';
import { KEEPABLE_STATUSES } from '../../src/domain/chain/step-status';
import { deriveFigures } from '../../src/domain/contract/derive';
import { deviationsBeforeStep, evaluationContext } from '../../src/domain/chain/step-facts';
import { evaluateStep } from '../../src/domain/rules';
import { fingerprint, stepInputs } from '../../src/domain/rules/fingerprint';
import type { EvaluationContext } from '../../src/domain/rules/rule.types';
import { runBot } from './bot-registry';
import { type ContractRun, nowIso } from './contract-run';
import { AdHocApprovers } from './ad-hoc-approvers';
import { CcNotifier } from './cc';
import { CountersignStep } from './countersign-step';
import { HumanStep } from './human-step';
import { mayBeRepeatedApprover, repeatedApproverResult } from './repeated-approver';
import { applyStepEvent, executeTaskCommands } from './task-transitions';
import type { ProgressRecorder } from './progress-recorder';
import { endRevision, type RevisionEnd, runView } from './revision-end';

/** A step decided so (by its rule, its bot, a person or kept) lets its track go on. */
const PROCEEDS = KEEPABLE_STATUSES;

export class ChainRunner {
  private readonly human: HumanStep;
  private readonly countersign: CountersignStep;
  private readonly cc: CcNotifier;
  private readonly adHoc: AdHocApprovers;

  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {
    this.human = new HumanStep(run, rec);
    this.countersign = new CountersignStep(run, rec, this.human);
    this.cc = new CcNotifier(run, rec);
    this.adHoc = AdHocApprovers.of(run, rec);
  }

  /**
   * Runs the revision to its end: the contract has finished, is back with the rep, or an approver
   * returned it to an earlier step. `fromStage` is where a round after such a return walks from
   * (return-to-step.ts): the revision's facts (catalogue, customer, deviations) stay as they were.
   */
  async runRevision(fromStage?: number): Promise<RevisionEnd> {
    const { run, rec } = this;
    run.halt = null;
    run.closing = false;
    if (fromStage !== undefined) return this.walkStages(fromStage);
    const skus = [...new Set(run.submission.lines.map((l) => l.sku))];
    const ref = await rec.call('prepareRevision', null, () => run.acts.prepareRevision({ contractId: run.input.contractId, skus }));
    run.products = ref.products;
    run.clauseLibrary = ref.clauseLibrary;
    run.derived = deriveFigures(run.submission, run.products);
    run.customer = undefined;
    run.deviations = undefined;
    rec.setContract({ discountPercent: run.derived.discountPercent });
    return this.walkStages(0);
  }

  private async walkStages(from: number): Promise<RevisionEnd> {
    const { run, rec } = this;
    const closingFrom = closingStageIndex(run.policy);
    let stage = from;
    for (const [index, { tracks }] of run.policy.stages.entries()) {
      if (index < from) continue;
      stage = index;
      if (index >= closingFrom) run.closing = true;
      await Promise.all(tracks.map((keys) => this.runTrack(keys)));
      if (run.halted()) break;
    }
    // The end of the revision (a halt's cancellations, the outcome, the rep's mail) is the machine's.
    return endRevision(run, rec, runView(run, stage), { type: 'stage_ended', now: nowIso() });
  }

  private async runTrack(keys: string[]): Promise<void> {
    for (const key of keys) {
      if (this.run.halt) return;
      const proceed = await this.runStep(this.run.defs.get(key)!);
      // People copied on the step's decision are mailed in the background (cc.ts).
      this.cc.afterStep(this.run.defs.get(key)!);
      if (!proceed) return;
      // Approvers added after this step run next, on this track (ad-hoc-approvers.ts); awaited only when there are some.
      if (this.adHoc.hasAfter(key) && !(await this.adHoc.runAfter(key, this.human))) return;
    }
  }

  private context(): EvaluationContext {
    const run = this.run;
    // Assembled as the what-if evaluator assembles it (src/domain/chain/step-facts.ts).
    return evaluationContext({
      policy: run.policy,
      contract: run.submission,
      revision: run.revision,
      submittedAt: run.input.submittedAt,
      submitterId: run.input.submitterId,
      products: run.products,
      clauseLibrary: run.clauseLibrary!,
      customer: run.customer,
      clauseDeviations: run.deviations,
      derived: run.derived!,
    });
  }

  private approvals(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, s] of this.run.steps) out[key] = s.status;
    return out;
  }

  /**
   * Runs one step; returns whether its track may go on. A rule step's result (or its kept
   * decision) goes through the chain's state machine (task-transitions.ts applyStepEvent), which
   * decides the step's record, its audit event, a halt and whether a person is asked.
   */
  private async runStep(def: StepDefinition): Promise<boolean> {
    const { run, rec } = this;
    const step = run.steps.get(def.key)!;
    // The step starts through the machine (step_started): its record, a bot's STEP_STARTED event,
    // and who performs it (RunBot or EvaluateRule).
    const start = applyStepEvent(run, rec, def.key, { type: 'step_started', stepKey: def.key, now: nowIso() });
    // The track checked the halt just before: a step the machine would not start is a bug here.
    if (step.status !== 'in_progress') throw new Error(`The chain's state machine did not start step ${def.key} (it is ${step.status})`);
    const performer = start.find((c) => c.type === 'RunBot' || c.type === 'EvaluateRule');
    executeTaskCommands(run, rec, start.filter((c) => c !== performer));

    if (performer?.type === 'RunBot') return runBot(run, rec, def);

    // The clause deviations are facts of the revision the later reviews read; the step whose rule
    // validates clauses finds them (step-facts.ts, shared with the what-if evaluator).
    run.deviations = deviationsBeforeStep(def, run.submission, run.clauseLibrary!, run.deviations);
    const ctx = this.context();
    const print = fingerprint(stepInputs(def, ctx, this.approvals()));
    // The rule is evaluated only when the step cannot keep its decision; the machine decides which.
    let result = keepOrRedecide(run.previousSteps.get(def.key), print).kind === 'keep' ? undefined : evaluateStep(def, ctx);
    // A person who already approved an earlier step may not be asked again (repeated-approver.ts).
    if (result?.outcome === 'human' && mayBeRepeatedApprover(run, def)) result = await repeatedApproverResult(run, rec, def, result);
    // A task's id is drawn before it opens, where the workflow always drew it.
    const taskId = result?.outcome === 'human' ? uuid4() : undefined;
    // Several people decide the step together when its approvers apply (countersign-step.ts).
    let approvers = this.countersign.plan(def, result, taskId);
    // Approvers named by role: their holders are looked up first (awaited only then).
    if (this.countersign.needsRoleHolders(def, result, taskId)) approvers = await this.countersign.planFromRole(def, result!, taskId!);
    const commands = applyStepEvent(run, rec, def.key, { type: 'rule_result', stepKey: def.key, fingerprint: print, result, taskId, approvers, now: nowIso() });
    // The machine ignores a result that does not apply; here that is a bug, not a step to leave running.
    if (step.status === 'in_progress') throw new Error(`The chain's state machine left step ${def.key} running after its rule's result`);
    executeTaskCommands(run, rec, commands);
    const open = commands.find((c) => c.type === 'OpenTask');
    if (open && approvers) return this.countersign.run(def, open.ruleResult);
    if (open) return this.human.runHumanStep(def, open.ruleResult, open.taskId);
    return PROCEEDS.has(step.status);
  }
}
