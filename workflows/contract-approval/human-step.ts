// A step a rule could not decide becomes a task for a person: the task is opened (routing,
// schedule and assignee come back from openTask), mailed, waited on with its SLA, and its
// decision is written to the step (the domain's decidedStepFields) and stored.
import { uuid4 } from '@temporalio/workflow';
import type { OpenTaskResult } from '../../activities/activity.types';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type { StepState } from '../../src/domain/chain/engine.types';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import type { RuleResult } from '../../src/domain/rules/rule.types';
import { initialStepSla } from '../../src/domain/sla/sla-schedule';
import { type ContractRun, nowIso, type WorkflowTask } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { TaskSlaWaiter } from './task-sla-waiter';
import { executeTaskCommands, takeDecision } from './task-transitions';

export class HumanStep {
  private readonly waiter: TaskSlaWaiter;

  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {
    this.waiter = new TaskSlaWaiter(run, rec);
  }

  /** Opens the step's task and waits for its decision; returns whether the step's track may go on. */
  async runHumanStep(def: StepDefinition, step: StepState, result: RuleResult, print: string, note: string): Promise<boolean> {
    const { run, rec } = this;
    const taskId = uuid4();
    const createdAt = nowIso();
    Object.assign(step, {
      status: 'waiting',
      decidedBy: undefined,
      policyVersion: run.policy.version,
      reason: note + result.reason,
      inputs: result.inputs,
      problems: result.problems,
      fingerprint: print,
      keptFromRevision: undefined,
      comment: undefined,
      taskId,
    });
    rec.touch(def.key);
    rec.event(taskId, AUDIT_EVENT_TYPES.TASK_CREATED, 'rule', result.ruleId, def.key, {
      taskId,
      ruleId: result.ruleId,
      policyVersion: run.policy.version,
      reason: result.reason,
      problems: result.problems ?? [],
    });
    const opened: OpenTaskResult = await rec.persist('openTask', def.key, (progress) =>
      run.acts.openTask({
        contractId: run.input.contractId,
        taskId,
        stepKey: def.key,
        stepName: def.name,
        revision: run.revision,
        assignee: def.assignee!,
        submitterId: run.input.submitterId,
        slaBusinessHours: def.slaBusinessHours,
        reminderFractions: run.policy.reminderFractions,
        escalationLevels: run.policy.escalationLevels,
        policyVersion: run.policy.version,
        ruleResult: { ruleId: result.ruleId, reason: result.reason, problems: result.problems, inputs: result.inputs },
        createdAt,
        progress,
      }),
    );
    const task: WorkflowTask = {
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
      persisted: false,
      scheduleVersion: 0,
    };
    run.tasks.set(taskId, task);
    // openTask stored the same state on the step row, so the contract shows the due time at once.
    step.sla = initialStepSla(opened.schedule, opened.assigneeId);
    rec.sendTaskMail({ taskId, eventKey: `${taskId}:assigned`, kind: 'task_assigned' });

    await this.waiter.awaitTask(task);

    if (task.status === 'open') {
      // Halted elsewhere (rejection, changes requested on another track, withdrawal): cancelled below.
      return false;
    }
    return this.applyDecision(task);
  }

  /**
   * The decision (a person's, or the timeout's) went through the chain's state machine: the step
   * takes its record now, then the decision is stored and the others are told.
   */
  private async applyDecision(task: WorkflowTask): Promise<boolean> {
    const { run, rec } = this;
    let write = executeTaskCommands(run, rec, task, takeDecision(run, rec, task));
    while (write) {
      await write.stored;
      write = write.then();
    }
    return task.decision === 'approve';
  }
}
