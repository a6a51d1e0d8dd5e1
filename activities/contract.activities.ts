// The approval workflow's activities: persistence of its progress, the RPA bots (customer
// capture, contract document, order), task routing and SLA bookkeeping. Each is idempotent:
// rows are keyed by contract, step, task and event, so a retry after a crash changes nothing.
import { createHash } from 'node:crypto';
import type { CustomerRecord } from '../src/domain/contract/contract.types';
import type { DataSource, EntityManager } from 'typeorm';
import { computeTaskSchedule, initialStepSla, rescheduleFromDueAt } from '../src/domain/sla/sla-schedule';
import { revisionDeadlines } from '../src/domain/sla/revision-timeout';
import { applyProgress, insertAuditEvents } from '../src/contracts/contract-progress.repository';
import { clearAttention, raiseAttention } from '../src/contracts/contract-attention.repository';
import { AUDIT_EVENT_TYPES } from '../src/domain/audit/audit-event-types';
import { NO_MANAGER_LEFT } from '../src/domain/chain/step-status';
import type { ContractRecordsRepository } from '../src/contracts/contract-records.repository';
import { renderContractDocument } from '../src/contracts/contract-document.template';
import { renderContractDocumentPdf } from '../src/contracts/contract-document-pdf';
import { ContractDocumentPdfRepository } from '../src/contracts/contract-document-pdf.repository';
import type { ReferenceRepository } from '../src/reference/reference.repository';
import type { TasksRepository } from '../src/tasks/tasks.repository';
import type { TaskEntity } from '../src/tasks/task.entity';
import type { CalendarProvider } from '../src/sla/calendar.provider';
import type { Clock } from '../src/common/clock';
import { stableUuid } from '../src/common/ids';
import type { ContractActivities, OpenTaskInput, OpenTaskResult } from './activity.types';
import type { Notifier } from './notifier';
import { escalationChainOf, memberChoiceFor, type MemberChoiceSetting, resolveAssignee } from './task-routing';
import { captureCustomer as captureWithRegistry } from '../src/rpa/customer-registry/capture-customer';
import { DatabaseCustomerRegistry } from '../src/rpa/customer-registry/database-customer-registry';
import { NAME_MATCH_REPORT_FLOOR } from '../src/domain/customer/name-match';

/** What the activities run on: transactions on `db`, every read and write through the repositories. */
export interface ActivityDeps {
  db: DataSource;
  calendar: CalendarProvider;
  notifier: Notifier;
  /** Stamps the generated document's date. */
  clock: Clock;
  records: ContractRecordsRepository;
  reference: ReferenceRepository;
  tasks: TasksRepository;
  /**
   * How a shared role's member is chosen; default fewest open tasks. The simulator's worker asks
   * for 'stable_hash' (of contract, step and revision), so its runs need no ordering for routing.
   */
  memberChoice?: MemberChoiceSetting;
}

/** Flags the contract of a task whose escalation found no manager, and records it once. */
async function flagEscalationExhausted(m: EntityManager, input: { contractId: string; taskId: string; level: number; at: string }): Promise<void> {
  const [task]: { step_key: string; revision: number; assignee_id: string; status: string }[] = await m.query(
    `SELECT step_key, revision, assignee_id, status FROM tasks WHERE id = $1`,
    [input.taskId],
  );
  if (!task || task.status !== 'open') return;
  const flag = { kind: 'escalation_exhausted' as const, taskId: input.taskId, step: task.step_key, level: input.level, assigneeId: task.assignee_id, since: input.at };
  if (!(await raiseAttention(m, input.contractId, flag))) return;
  await insertAuditEvents(m, [
    {
      eventKey: `${input.taskId}:escalation_exhausted`,
      type: AUDIT_EVENT_TYPES.ESCALATION_EXHAUSTED,
      contractId: input.contractId,
      actorKind: 'system',
      actorId: null,
      revision: task.revision,
      stepKey: task.step_key,
      occurredAt: input.at,
      data: { taskId: input.taskId, level: input.level, assigneeId: task.assignee_id, note: NO_MANAGER_LEFT },
    },
  ]);
}

export function createContractActivities(deps: ActivityDeps): Omit<ContractActivities, 'reportIncidents'> {
  const { db, records, reference, tasks } = deps;
  const tx = <T>(fn: (m: EntityManager) => Promise<T>) => db.transaction(fn);

  return {
    async prepareRevision({ skus }) {
      const [products, clauseLibrary] = await Promise.all([reference.productsBySku(skus), reference.clauseLibrary()]);
      if (!clauseLibrary) throw new Error('The clause library is missing: run the migrate command to seed reference data');
      return { products, clauseLibrary };
    },

    async captureCustomer({ contractId, customer, progress }) {
      if (progress) await tx((m) => applyProgress(m, progress));
      // Through the CustomerRegistry port (src/rpa/customer-registry): found by registration
      // number, else created with credit limit 0 (which sends credit_check to a human), and a new
      // number whose name resembles a known customer's comes back with probableDuplicate.
      const { record, aliases } = await captureWithRegistry(new DatabaseCustomerRegistry(db), {
        contractId,
        customer,
        newCustomerId: stableUuid('greenlight-customer', customer.registrationNumber),
      });
      await records.setCustomer(contractId, record.id);
      // Screening by name, whatever the registration number: the name as submitted, as
      // registered and the registry's aliases, against the denied-party list's names and aliases;
      // exactly (deniedPartyMatches) and by similarity with scores (deniedPartyNameMatches, which
      // compliance_screening thresholds when its policy says so). New fields of the result:
      // histories recorded without them are screened as before.
      const names = [...new Set([customer.name, record.name, ...aliases])];
      const [deniedPartyMatches, deniedPartyNameMatches] = await Promise.all([
        reference.deniedPartyMatches(names),
        reference.deniedPartyNameMatches(names, NAME_MATCH_REPORT_FLOOR),
      ]);
      const result: CustomerRecord = { ...record, deniedPartyMatches, deniedPartyNameMatches };
      return result;
    },

    async recordProgress(batch) {
      await tx((m) => applyProgress(m, batch));
    },

    async recordRevision(input) {
      const { progress, ...revision } = input;
      await tx(async (m) => {
        await records.recordRevision(m, revision);
        await applyProgress(m, progress);
      });
    },

    async openTask(input) {
      return tx(async (m) => {
        const existing = await tasks.findById(input.taskId, m);
        if (existing) return taskResult(existing);
        const route = await resolveAssignee(tasks, m, {
          assignee: input.assignee,
          submitterId: input.submitterId,
          at: new Date(input.createdAt),
          escalationLevels: input.escalationLevels,
          choice: memberChoiceFor(deps.memberChoice, input),
        });
        const calendar = deps.calendar.calendarAt(new Date(input.createdAt));
        const schedule = computeTaskSchedule({
          calendar,
          createdAt: input.createdAt,
          slaBusinessHours: input.slaBusinessHours,
          reminderFractions: input.reminderFractions,
          escalationLevels: input.escalationLevels,
        });
        await tasks.insert(m, {
          id: input.taskId,
          contractId: input.contractId,
          stepKey: input.stepKey,
          revision: input.revision,
          assigneeId: route.assigneeId,
          originalAssigneeId: route.originalAssigneeId,
          schedule,
          escalationChain: route.escalationChain,
          reason: input.ruleResult,
          routingNote: route.routingNote,
          createdAt: input.createdAt,
        });
        const result: OpenTaskResult = { ...route, schedule };
        withTaskDetails(input, result);
        await applyProgress(m, input.progress);
        // The step shows its due time, reminders and escalations from the moment the task exists
        // (the workflow keeps the same state and writes it with its next batch).
        await records.setStepSla(m, input.contractId, input.stepKey, initialStepSla(schedule, route.assigneeId));
        return result;
      });
    },

    async closeTask(input) {
      await tx(async (m) => {
        // A decided task needs no one's attention any more (an exhausted escalation's flag goes).
        await clearAttention(m, input.contractId, [input.taskId]);
        await tasks.close(m, {
          taskId: input.taskId,
          decision: input.decision,
          decidedById: input.decidedByKind === 'user' ? input.decidedById : null,
          // A rule's decision names the rule where a person's would carry their comment.
          comment: input.comment ?? (input.decidedByKind === 'rule' ? input.decidedById : null),
          decidedAt: input.decidedAt,
        });
        await applyProgress(m, input.progress);
      });
    },

    async cancelTasks(input) {
      await tx(async (m) => {
        await clearAttention(m, input.contractId, input.taskIds);
        await tasks.cancel(m, input.taskIds, `Cancelled: ${input.reason}`);
        await applyProgress(m, input.progress);
      });
    },

    async approversOfRole({ role }) {
      // By username, not by load: every holder is asked, in an order that does not change with load.
      const members = await tasks.roleMembersByLoad(db.manager, role);
      return members.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)).map((m) => m.id);
    },

    async escalateTask(input) {
      await tx(async (m) => {
        await tasks.escalate(m, input.taskId, input.level, input.toUserId || null);
        await applyProgress(m, input.progress);
        // No manager left: the contract is flagged for ops (once per task, however many levels
        // find nobody), with its audit event; the workflow mails ops (task-sla-waiter.ts).
        if (!input.toUserId) await flagEscalationExhausted(m, input);
      });
    },

    async reassignTask(input) {
      return tx(async (m) => {
        const escalationChain = await escalationChainOf(tasks, m, { assigneeId: input.toUserId, submitterId: input.submitterId, escalationLevels: input.escalationLevels });
        await tasks.reassign(m, { taskId: input.taskId, toUserId: input.toUserId, routingNote: `Delegated${input.comment ? `: ${input.comment}` : ''}`, escalationChain });
        await applyProgress(m, input.progress);
        return { escalationChain };
      });
    },

    async rescheduleTask(input) {
      const schedule = rescheduleFromDueAt({
        calendar: deps.calendar.calendarAt(new Date(input.createdAt)),
        createdAt: input.createdAt,
        newDueAt: input.dueAt,
        slaBusinessHours: input.slaBusinessHours,
        reminderFractions: input.reminderFractions,
        escalationLevels: input.escalationLevels,
      });
      await tasks.reschedule(input.taskId, schedule);
      return schedule;
    },

    async revisionDeadlines({ since, remindAfterBusinessHours, withdrawAfterBusinessHours }) {
      return revisionDeadlines(deps.calendar.calendarAt(new Date(since)), since, { remindAfterBusinessHours, withdrawAfterBusinessHours });
    },

    sendTaskMail: (input) => deps.notifier.sendTaskMail(input),
    sendRepMail: (input) => deps.notifier.sendRepMail(input),

    async generateDocument({ contractId, revision, progress }) {
      // The run's progress first, in a transaction of its own: the document lists the steps as
      // stored, and the audit chain's lock must not be held while the PDF renders.
      if (progress) await tx((m) => applyProgress(m, progress));
      // HTML and PDF of the revision, each stored once (a document from before PDFs gets its PDF added).
      const pdfs = new ContractDocumentPdfRepository(db);
      const existing = await records.storedDocument(contractId, revision);
      if (existing && (await pdfs.hasPdf(contractId, revision))) return existing;
      const [source, clauseLibrary, issuedAt] = await Promise.all([
        records.documentSource(contractId),
        reference.clauseLibrary(),
        pdfs.revisionSubmittedAt(contractId, revision),
      ]);
      if (!clauseLibrary) throw new Error('The clause library is missing: run the migrate command to seed reference data');
      if (!existing) {
        const html = renderContractDocument({ contractId, revision, ...source, clauseLibrary, generatedAt: deps.clock.now().toISOString() });
        const sha256 = createHash('sha256').update(html).digest('hex');
        await records.storeDocument({ contractId, revision, html, sha256 });
      }
      const pdf = await renderContractDocumentPdf({ contractId, revision, ...source, clauseLibrary, issuedAt });
      await pdfs.storePdf({ contractId, revision, pdf, sha256: createHash('sha256').update(pdf).digest('hex') });
      // A concurrent attempt may have stored its document first: answer with the stored one.
      return (await records.storedDocument(contractId, revision))!;
    },

    async createOrder({ contractId, progress }) {
      // The run's progress first, committed on its own, as the other bots do: the step shows as
      // in progress (and an incident on it as on a started step) while the order is written.
      if (progress) await tx((m) => applyProgress(m, progress));
      return tx(async (m) => {
        const existing = await records.orderOf(m, contractId);
        if (existing) return { orderId: existing.id, orderNumber: existing.orderNumber };
        return records.insertOrder(m, contractId, stableUuid('greenlight-order', contractId));
      });
    },
  };
}

function taskResult(t: TaskEntity): OpenTaskResult {
  return {
    assigneeId: t.assigneeId,
    originalAssigneeId: t.originalAssigneeId,
    routingNote: t.routingNote ?? null,
    schedule: t.schedule as OpenTaskResult['schedule'],
    escalationChain: t.escalationChain ?? [],
  };
}

/** The workflow records TASK_CREATED before routing; complete it with who got the task and when it is due. */
function withTaskDetails(input: OpenTaskInput, result: OpenTaskResult): void {
  for (const e of input.progress.events) {
    if (e.type === 'TASK_CREATED' && e.data.taskId === input.taskId) {
      Object.assign(e.data, {
        assigneeId: result.assigneeId,
        originalAssigneeId: result.originalAssigneeId,
        routingNote: result.routingNote,
        dueAt: result.schedule.dueAt,
      });
    }
  }
}
