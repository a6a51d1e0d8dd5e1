// The contract approval workflow: one durable run per contract (id `contract-<id>`). It walks the
// policy's stages (tracks of a stage in parallel), lets pure domain rules decide what they can,
// turns the rest into human tasks with SLA timers, and loops through revisions when changes are
// requested, keeping every decision whose inputs did not change. Business rules live in
// src/domain; the files here only orchestrate:
//   contract-run.ts        the run's state (steps, tasks, halt, pending Updates) and its snapshot
//   update-handlers.ts     the Updates and their validators (domain refusals)
//   contract-lifecycle.ts  waiting for the rep, revisions, withdrawal, continue-as-new
//   chain-runner.ts        one revision: stages, tracks, keep-or-redecide, rule decisions
//   task-transitions.ts    a step's and a task's events through the chain's state machine
//   revision-end.ts        the end of a revision through the state machine: cancellations, outcome, rep's mail
//   human-step.ts          a task for a person: open, wait, apply the decision
//   task-sla-waiter.ts     reminders, escalations and approval on timeout while a task is open
//   bot-registry.ts        the bots, keyed by the bot a step definition names
//   progress-recorder.ts   ordered batched writes, audit event keys, incidents, mail
//   activity-proxies.ts    activity retry options and the patch marker
import type { ContractSnapshot, ContractWorkflowInput } from '../../src/domain/chain/engine.types';
import { ContractLifecycle, restoreCarryOver } from './contract-lifecycle';
import { ContractRun } from './contract-run';
import { ProgressRecorder } from './progress-recorder';
import { UpdateHandlers } from './update-handlers';

export async function contractApprovalWorkflow(input: ContractWorkflowInput): Promise<ContractSnapshot> {
  const run = new ContractRun(input);
  const rec = new ProgressRecorder(run);
  // Before the handlers are installed: an Update buffered with the start of a continued run is
  // validated against the state carried over, not against an empty contract.
  if (input.carryOver) restoreCarryOver(run, rec, input.carryOver);
  new UpdateHandlers(run, rec).install();
  return new ContractLifecycle(run, rec).runToEnd();
}
