// A step several people decide together (countersign 会签, or-sign 或签, quorum; the policy's
// `approvers`, src/domain/chain/countersign.ts): when its rule asks a person, each approver gets
// their own task (openTask with the `{ kind: 'user' }` assignee, as an added approver does: out
// of office routing, mail, SLA, reminders and escalation from that approver), and the step waits
// on all of them. Each decision goes through the chain's state machine, which applies the
// aggregate; once it decides the step, the tasks still open are closed and their people told.
// Approvers named by role are everyone holding it (the approversOfRole activity, asked only then).
// New behaviour behind patched('countersign'), asked only on a step whose approvers apply, so a
// run of a policy without approvers takes no other path than before.
import { patched, uuid4 } from '@temporalio/workflow';
import { approversApply, approversPlan, initialApprovers, type StepApprovers } from '../../src/domain/chain/countersign';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import { KEEPABLE_STATUSES } from '../../src/domain/chain/step-status';
import type { RuleResult } from '../../src/domain/rules/rule.types';
import type { ContractRun, WorkflowTask } from './contract-run';
import type { HumanStep } from './human-step';
import type { ProgressRecorder } from './progress-recorder';

export const COUNTERSIGN_PATCH = 'countersign';

export class CountersignStep {
  constructor(
    private readonly contract: ContractRun,
    private readonly rec: ProgressRecorder,
    private readonly human: HumanStep,
  ) {}

  /**
   * The approvers asked when `def`'s rule asks a person (its `when` holds, the submitter left
   * out), each with a task id: the first is `taskId`, the one the step's task always had.
   * Undefined: the step goes to its assignee as before.
   */
  plan(def: StepDefinition, result: RuleResult | undefined, taskId: string | undefined): StepApprovers | undefined {
    if (!taskId || !result || !def.approvers || 'role' in def.approvers.from) return undefined;
    const plan = approversPlan(def, result.inputs, this.contract.input.submitterId);
    if (!plan || !patched(COUNTERSIGN_PATCH)) return undefined;
    return this.withTaskIds(plan, taskId);
  }

  /** Whether the step's approvers are a role's holders, to be looked up (planFromRole) before the step goes on. */
  needsRoleHolders(def: StepDefinition, result: RuleResult | undefined, taskId: string | undefined): boolean {
    return !!taskId && !!result && !!def.approvers && 'role' in def.approvers.from && approversApply(def, result.inputs) !== null;
  }

  /** plan() for approvers named by role: everyone holding it (approversOfRole), never the submitter. */
  async planFromRole(def: StepDefinition, result: RuleResult, taskId: string): Promise<StepApprovers | undefined> {
    if (!patched(COUNTERSIGN_PATCH)) return undefined;
    const from = def.approvers!.from as { role: string };
    const run = this.contract;
    const holders = await this.rec.call('approversOfRole', def.key, () => run.acts.approversOfRole({ contractId: run.input.contractId, role: from.role }));
    const plan = approversPlan(def, result.inputs, run.input.submitterId, holders);
    return plan ? this.withTaskIds(plan, taskId) : undefined;
  }

  private withTaskIds(plan: NonNullable<ReturnType<typeof approversPlan>>, taskId: string): StepApprovers {
    return initialApprovers(plan, plan.userIds.map((_, i) => (i === 0 ? taskId : uuid4())));
  }

  /** Opens a task per approver, waits for them, and returns whether the step's track may go on. */
  async run(def: StepDefinition, result: RuleResult): Promise<boolean> {
    const step = this.contract.steps.get(def.key)!;
    const { role, approvers } = step.approvers!;
    const tasks: WorkflowTask[] = [];
    for (const a of approvers) tasks.push(await this.human.open(def, result, a.taskId, { kind: 'user', userId: a.userId, role }));
    await Promise.all(tasks.map((task) => this.follow(task)));
    return KEEPABLE_STATUSES.has(step.status);
  }

  /** One approver's task: its SLA until it is decided, closed by the step's decision, or halted; a decision is stored. */
  private async follow(task: WorkflowTask): Promise<void> {
    await this.human.awaitTask(task);
    if (this.contract.decided.has(task.taskId)) await this.human.applyDecision(task);
  }
}
