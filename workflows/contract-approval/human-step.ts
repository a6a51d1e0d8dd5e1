// A step a rule could not decide becomes a task for a person: the task is opened (routing,
// schedule and assignee come back from openTask), mailed, waited on with its SLA, and its
// decision, which the chain's state machine made, is written to the step and stored.
import type { OpenTaskResult } from '../../activities/activity.types';
import type { ProgressBatch, TaskState } from '../../src/domain/chain/engine.types';
import type { AssigneeSpec, StepDefinition } from '../../src/domain/chain/policy.types';
import type { RuleResult } from '../../src/domain/rules/rule.types';
import { type ContractRun, nowIso, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { replyBeforeRunningOn } from './reply-first';
import { TaskSlaWaiter } from './task-sla-waiter';
import { applyStepEvent, executeTaskCommands, takeDecision } from './task-transitions';

export class HumanStep {
  private readonly waiter: TaskSlaWaiter;

  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {
    this.waiter = new TaskSlaWaiter(run, rec);
  }

  /**
   * Opens the task the chain's state machine asked for (OpenTask: the step already waits for it
   * and TASK_CREATED is recorded), hands the opened task to the machine, mails the assignee and
   * waits for its decision; returns whether the step's track may go on.
   */
  async runHumanStep(def: StepDefinition, result: RuleResult, taskId: string): Promise<boolean> {
    const { rec } = this;
    const createdAt = nowIso();
    // Awaited here, not through open(): the step resumes after as many microtasks as it always did.
    const opened: OpenTaskResult = await rec.persist('openTask', def.key, this.openTask(def, result, taskId, def.assignee!, createdAt));
    const task = this.opened(def, taskId, opened, createdAt);

    await this.waiter.awaitTask(task);

    if (task.status === 'open') {
      // Halted elsewhere (rejection, changes requested on another track, withdrawal): cancelled below.
      return false;
    }
    return this.applyDecision(task);
  }

  /** Opens one task of the step for a named person (an approver of a countersigned step, countersign-step.ts). */
  async open(def: StepDefinition, result: RuleResult, taskId: string, assignee: AssigneeSpec): Promise<WorkflowTask> {
    const createdAt = nowIso();
    const opened: OpenTaskResult = await this.rec.persist('openTask', def.key, this.openTask(def, result, taskId, assignee, createdAt));
    return this.opened(def, taskId, opened, createdAt);
  }

  /** Waits for the task's decision while firing its reminders and escalations. */
  awaitTask(task: WorkflowTask): Promise<void> {
    return this.waiter.awaitTask(task);
  }

  private openTask(def: StepDefinition, result: RuleResult, taskId: string, assignee: AssigneeSpec, createdAt: string) {
    const run = this.run;
    return (progress: ProgressBatch) =>
      run.acts.openTask({
        contractId: run.input.contractId,
        taskId,
        stepKey: def.key,
        stepName: def.name,
        revision: run.revision,
        assignee,
        submitterId: run.input.submitterId,
        slaBusinessHours: def.slaBusinessHours,
        reminderFractions: run.policy.reminderFractions,
        escalationLevels: run.policy.escalationLevels,
        policyVersion: run.policy.version,
        ruleResult: { ruleId: result.ruleId, reason: result.reason, problems: result.problems, inputs: result.inputs },
        createdAt,
        progress,
      });
  }

  /** Hands the opened task to the chain's state machine (which mails the assignee and arms its SLA). */
  private opened(def: StepDefinition, taskId: string, opened: OpenTaskResult, createdAt: string): WorkflowTask {
    const { run, rec } = this;
    const openedTask: TaskState = {
      taskId,
      stepKey: def.key,
      revision: run.revision,
      assigneeId: opened.assigneeId,
      originalAssigneeId: opened.originalAssigneeId,
      escalatedTo: [],
      escalationChain: opened.escalationChain,
      status: 'open',
      schedule: opened.schedule,
      slaBusinessHours: def.slaBusinessHours,
      createdAt,
    };
    // openTask stored the step's SLA state itself (the contract shows the due time at once): not touched again.
    executeTaskCommands(run, rec, applyStepEvent(run, rec, def.key, { type: 'task_opened', stepKey: def.key, task: openedTask, now: nowIso() }, false));
    return run.tasks.get(taskId)!;
  }

  /**
   * The decision (a person's, or the timeout's) went through the chain's state machine: the step
   * takes its record now, then the decision is stored and the others are told.
   */
  async applyDecision(task: WorkflowTask): Promise<boolean> {
    const { run, rec } = this;
    let write = executeTaskCommands(run, rec, takeDecision(run, rec, task));
    while (write) {
      await write.stored;
      write = write.then();
    }
    // The decision is stored: its Update is answered before the chain runs on (reply-first.ts).
    await replyBeforeRunningOn(run, task);
    return task.decision === 'approve';
  }
}
