// The bots that perform `bot_activity` steps, keyed by the bot id a step definition names
// (`StepDefinition.bot`, see botOf in src/domain/chain/policy.ts). Each bot is one activity and
// the record it leaves on the step; the id is the rule id the step is decided by.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { ContractActivities } from '../../activities/activity.types';
import type { ErpOrderResult } from '../../activities/rpa.activity.types';
import { BOT_IDS, botOf } from '../../src/domain/chain/policy';
import type { ProgressBatch } from '../../src/domain/chain/engine.types';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import { formatMoney } from '../../src/domain/rules/format';
import { type ContractRun, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { orderBotQueue, rpaActivities } from './rpa-proxies';
import { applyStepEvent, executeTaskCommands } from './task-transitions';

interface BotRecord {
  reason: string;
  inputs: Record<string, unknown>;
}

/**
 * Patch marker of the runs whose bots carry the run's unstored progress: the bot's activity stores
 * it first, instead of a recordProgress of its own before the bot (one local activity and one
 * commit less per bot; the stored order is the same).
 */
export const BOTS_CARRY_PROGRESS_PATCH = 'bots-carry-progress';

interface Bot<T> {
  /** The activity the bot runs (named in an incident when it fails for good). */
  activity: keyof ContractActivities;
  /**
   * Starts the bot's activity. With `progress` the activity stores it before it acts; a bot
   * whose activity cannot (the order bot on the RPA queue, another worker's) answers false from
   * carries and gets the progress stored before it.
   */
  start(run: ContractRun, progress?: ProgressBatch): Promise<T>;
  carries?(run: ContractRun): boolean;
  /** What the bot's result makes of the step (and of the run, e.g. the customer record). */
  finish(result: T, run: ContractRun, rec: ProgressRecorder): BotRecord;
}

const bot = <T>(b: Bot<T>): Bot<unknown> => b as unknown as Bot<unknown>;

const BOTS: Record<string, Bot<unknown>> = {
  [BOT_IDS.customerRegistryLookup]: bot({
    activity: 'captureCustomer',
    start: (run, progress) => run.acts.captureCustomer({ contractId: run.input.contractId, customer: run.submission.customer, ...(progress ? { progress } : {}) }),
    finish: (customer, run, rec) => {
      run.customer = customer;
      rec.setContract({ customerId: customer.id });
      return {
        reason: customer.created
          ? `Customer ${customer.registrationNumber} was not in the registry; created a new record with credit limit 0${
              // Absent in results recorded before capture compared names (issue 15).
              customer.probableDuplicate
                ? `; its name resembles existing customer ${customer.probableDuplicate.name} (${customer.probableDuplicate.registrationNumber}, name score ${customer.probableDuplicate.score.toFixed(3)}): probable duplicate`
                : ''
            }`
          : `Found ${customer.name} (${customer.registrationNumber}) in the registry: credit limit ${formatMoney(customer.creditLimit)}, outstanding ${formatMoney(customer.outstandingBalance)}, ${customer.maxOverdueDays > 0 ? `oldest invoice ${customer.maxOverdueDays} days overdue` : 'nothing overdue'}${customer.deniedParty ? ', ON THE DENIED-PARTY LIST' : ''}`,
        inputs: { registrationNumber: customer.registrationNumber, customer },
      };
    },
  }),
  [BOT_IDS.renderContractDocument]: bot({
    activity: 'generateDocument',
    start: (run, progress) => {
      const cid = run.input.contractId;
      return run.acts.generateDocument({ contractId: cid, revision: run.revision, eventKey: `${cid}:document:${run.revision}`, ...(progress ? { progress } : {}) });
    },
    finish: (doc, run) => ({
      reason: `Rendered the final contract document (${doc.bytes} bytes, sha256 ${doc.sha256.slice(0, 12)}…)`,
      inputs: { revision: run.revision, sha256: doc.sha256 },
    }),
  }),
  [BOT_IDS.createErpOrder]: bot({
    activity: 'createOrder',
    // On the RPA queue (patched, see rpa-proxies.ts) the bot enters the order in the ERP too.
    carries: (run) => orderBotQueue(run.input) === undefined,
    start: (run, progress): Promise<{ orderId: string; orderNumber: string } & Partial<ErpOrderResult>> => {
      const input = { contractId: run.input.contractId, revision: run.revision, eventKey: `${run.input.contractId}:order` };
      const queue = orderBotQueue(run.input);
      return queue ? rpaActivities(queue).createOrder(input) : run.acts.createOrder({ ...input, ...(progress ? { progress } : {}) });
    },
    finish: (order) =>
      order.erpOrderNumber
        ? {
            reason: `${order.reused ? 'Found' : 'Entered'} sales order ${order.orderNumber} in the ERP as ${order.erpOrderNumber} (${order.adapter} adapter)`,
            inputs: { orderId: order.orderId, orderNumber: order.orderNumber, erpOrderNumber: order.erpOrderNumber, adapter: order.adapter, reused: order.reused },
          }
        : {
            reason: `Created sales order ${order.orderNumber}`,
            inputs: { orderId: order.orderId, orderNumber: order.orderNumber },
          },
  }),
};

/**
 * Runs the bot the step names (the step was started, and its STEP_STARTED event recorded, through
 * the chain's state machine); a bot step is always approved by its bot (returns true).
 */
export async function runBot(run: ContractRun, rec: ProgressRecorder, def: StepDefinition): Promise<boolean> {
  const id = botOf(def);
  const performer = id !== undefined && Object.prototype.hasOwnProperty.call(BOTS, id) ? BOTS[id] : undefined;
  if (!performer) throw ApplicationFailure.nonRetryable(`Policy ${run.policy.version} names bot step ${def.key}, which has no bot`);
  let result: unknown;
  // patched() first: a run recorded before the patch never asks carries (which may call patched() itself).
  if (patched(BOTS_CARRY_PROGRESS_PATCH) && (performer.carries?.(run) ?? true)) {
    // In the write queue: after every earlier write, with everything not yet stored.
    result = await rec.persist(performer.activity, def.key, (progress) => performer.start(run, progress));
  } else {
    await rec.flush();
    result = await rec.call(performer.activity, def.key, () => performer.start(run));
  }
  const { reason, inputs } = performer.finish(result, run, rec);
  // What the bot's result makes of the step is the chain's state machine's (bot_completed).
  executeTaskCommands(run, rec, applyStepEvent(run, rec, def.key, { type: 'bot_completed', stepKey: def.key, ruleId: id!, reason, inputs, now: nowIso() }));
  return true;
}
