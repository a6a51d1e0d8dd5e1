// The approval workflow's activities: persistence of its progress, the RPA bots (customer
// capture, contract document, order), task routing and SLA bookkeeping. Each is idempotent:
// rows are keyed by contract, step, task and event, so a retry after a crash changes nothing.
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ClauseLibrary, CustomerRecord, Product } from '../src/domain/contract/contract.types';
import { computeTaskSchedule, initialStepSla, rescheduleFromDueAt } from '../src/domain/sla/sla-schedule';
import { applyProgress } from '../src/contracts/contract-progress.repository';
import { renderContractDocument } from '../src/contracts/contract-document.template';
import type { CalendarProvider } from '../src/sla/calendar.provider';
import { stableUuid } from '../src/common/ids';
import type { ContractActivities, OpenTaskInput, OpenTaskResult } from './activity.types';
import type { Notifier } from './notifier';
import { escalationChainOf, resolveAssignee } from './task-routing';
import { findDeniedPartyMatches } from '../src/reference/denied-parties.repository';

export interface ActivityDeps {
  db: DataSource;
  calendar: CalendarProvider;
  notifier: Notifier;
}

export function createContractActivities(deps: ActivityDeps): Omit<ContractActivities, 'reportIncidents'> {
  const { db } = deps;
  const tx = <T>(fn: (m: EntityManager) => Promise<T>) => db.transaction(fn);

  return {
    async prepareRevision({ skus }) {
      const rows: ProductRow[] = skus.length
        ? await db.query(`SELECT sku, name, list_price, floor_price, tax_rate_percent, lead_time_days FROM products WHERE sku = ANY($1)`, [skus])
        : [];
      const products: Record<string, Product> = {};
      for (const r of rows) products[r.sku] = toProduct(r);
      const [lib] = await db.query(`SELECT body FROM reference_documents WHERE key = 'clause_library'`);
      if (!lib) throw new Error('The clause library is missing: run the migrate command to seed reference data');
      return { products, clauseLibrary: lib.body as ClauseLibrary };
    },

    async captureCustomer({ contractId, customer }) {
      // A registry lookup by registration number; an unknown customer gets a new record with
      // credit limit 0 (which sends credit_check to a human).
      await db.query(
        `INSERT INTO customers (id, registration_number, name, country, credit_limit, outstanding_balance, max_overdue_days, denied_party, created_by_contract_id)
         VALUES ($1, $2, $3, $4, 0, 0, 0, false, $5) ON CONFLICT (registration_number) DO NOTHING`,
        [stableUuid('greenlight-customer', customer.registrationNumber), customer.registrationNumber, customer.name, customer.country, contractId],
      );
      const [row] = await db.query(`SELECT * FROM customers WHERE registration_number = $1`, [customer.registrationNumber]);
      await db.query(`UPDATE contracts SET customer_id = $2 WHERE id = $1`, [contractId, row.id]);
      const record = toCustomer(row, contractId);
      // Screening by name, whatever the registration number: the name as submitted and as
      // registered, against the denied-party list's names and aliases. A new field of the result:
      // histories recorded without it are screened as before (registry flag only).
      const deniedPartyMatches = await findDeniedPartyMatches(db, [...new Set([customer.name, record.name])]);
      return { ...record, deniedPartyMatches };
    },

    async recordProgress(batch) {
      await tx((m) => applyProgress(m, batch));
    },

    async recordRevision(input) {
      await tx(async (m) => {
        await m.query(
          `INSERT INTO contract_revisions (contract_id, revision, data, changed_fields, created_by, comment)
           VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (contract_id, revision) DO NOTHING`,
          [input.contractId, input.revision, JSON.stringify(input.submission), input.changedFields, input.userId, input.comment ?? null],
        );
        const s = input.submission;
        await m.query(
          `UPDATE contracts SET title = $2, data = $3, currency = $4, amount = $5, customer_name = $6,
             customer_registration_number = $7, customer_country = $8 WHERE id = $1`,
          [input.contractId, s.title, JSON.stringify(s), s.currency, s.amount, s.customer.name, s.customer.registrationNumber, s.customer.country],
        );
        await applyProgress(m, input.progress);
      });
    },

    async openTask(input) {
      return tx(async (m) => {
        const [existing] = await m.query(`SELECT * FROM tasks WHERE id = $1`, [input.taskId]);
        if (existing) return taskResult(existing);
        const route = await resolveAssignee(m, {
          assignee: input.assignee,
          submitterId: input.submitterId,
          at: new Date(input.createdAt),
          escalationLevels: input.escalationLevels,
        });
        const calendar = deps.calendar.calendarAt(new Date(input.createdAt));
        const schedule = computeTaskSchedule({
          calendar,
          createdAt: input.createdAt,
          slaBusinessHours: input.slaBusinessHours,
          reminderFractions: input.reminderFractions,
          escalationLevels: input.escalationLevels,
        });
        await m.query(
          `INSERT INTO tasks (id, contract_id, step_key, revision, status, assignee_id, original_assignee_id, due_at, schedule,
             escalation_chain, reason, routing_note, created_at)
           VALUES ($1,$2,$3,$4,'open',$5,$6,$7,$8,$9,$10,$11,$12)`,
          [
            input.taskId,
            input.contractId,
            input.stepKey,
            input.revision,
            route.assigneeId,
            route.originalAssigneeId,
            schedule.dueAt,
            JSON.stringify(schedule),
            route.escalationChain,
            JSON.stringify(input.ruleResult),
            route.routingNote,
            input.createdAt,
          ],
        );
        const result: OpenTaskResult = { ...route, schedule };
        withTaskDetails(input, result);
        await applyProgress(m, input.progress);
        // The step shows its due time, reminders and escalations from the moment the task exists
        // (the workflow keeps the same state and writes it with its next batch).
        await m.query(`UPDATE contract_steps SET sla = $3 WHERE contract_id = $1 AND key = $2`, [
          input.contractId,
          input.stepKey,
          JSON.stringify(initialStepSla(schedule, route.assigneeId)),
        ]);
        return result;
      });
    },

    async closeTask(input) {
      await tx(async (m) => {
        await m.query(
          `UPDATE tasks SET status = 'decided', decision = $2, decided_by_id = $3, comment = $4, decided_at = $5, updated_at = now()
           WHERE id = $1 AND status = 'open'`,
          [input.taskId, input.decision, input.decidedByKind === 'user' ? input.decidedById : null, input.comment ?? (input.decidedByKind === 'rule' ? input.decidedById : null), input.decidedAt],
        );
        await applyProgress(m, input.progress);
      });
    },

    async cancelTasks(input) {
      await tx(async (m) => {
        await m.query(`UPDATE tasks SET status = 'cancelled', comment = $2, updated_at = now() WHERE id = ANY($1) AND status = 'open'`, [
          input.taskIds,
          `Cancelled: ${input.reason}`,
        ]);
        await applyProgress(m, input.progress);
      });
    },

    async escalateTask(input) {
      await tx(async (m) => {
        await m.query(
          `UPDATE tasks SET escalation_level = GREATEST(escalation_level, $2),
             escalated_to = CASE WHEN $3::uuid IS NULL OR $3::uuid = ANY(escalated_to) THEN escalated_to ELSE array_append(escalated_to, $3::uuid) END,
             updated_at = now()
           WHERE id = $1`,
          [input.taskId, input.level, input.toUserId || null],
        );
        await applyProgress(m, input.progress);
      });
    },

    async reassignTask(input) {
      return tx(async (m) => {
        const escalationChain = await escalationChainOf(m, { assigneeId: input.toUserId, submitterId: input.submitterId, escalationLevels: input.escalationLevels });
        await m.query(
          `UPDATE tasks SET assignee_id = $2, routing_note = $3, escalation_chain = $4, updated_at = now() WHERE id = $1 AND status = 'open'`,
          [input.taskId, input.toUserId, `Delegated${input.comment ? `: ${input.comment}` : ''}`, escalationChain],
        );
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
      await db.query(`UPDATE tasks SET due_at = $2, schedule = $3, updated_at = now() WHERE id = $1`, [input.taskId, schedule.dueAt, JSON.stringify(schedule)]);
      return schedule;
    },

    sendTaskMail: (input) => deps.notifier.sendTaskMail(input),
    sendRepMail: (input) => deps.notifier.sendRepMail(input),

    async generateDocument({ contractId, revision }) {
      const [existing] = await db.query(`SELECT sha256, length(body) AS bytes FROM contract_documents WHERE contract_id = $1 AND revision = $2`, [contractId, revision]);
      if (existing) return { sha256: existing.sha256, bytes: Number(existing.bytes) };
      const [contract] = await db.query(`SELECT c.*, u.display_name AS submitter_name FROM contracts c JOIN users u ON u.id = c.submitter_id WHERE c.id = $1`, [contractId]);
      const steps = await db.query(`SELECT key, number, name, status, decided_by_kind, decided_by_id, reason FROM contract_steps WHERE contract_id = $1 ORDER BY number`, [contractId]);
      const [lib] = await db.query(`SELECT body FROM reference_documents WHERE key = 'clause_library'`);
      const html = renderContractDocument({
        contractId,
        revision,
        title: contract.title,
        submission: contract.data,
        submitterName: contract.submitter_name,
        policyVersion: contract.policy_version,
        clauseLibrary: lib.body,
        steps: steps.map((s: Record<string, unknown>) => ({ number: s.number as number, name: s.name as string, status: s.status as string, reason: (s.reason as string) ?? '' })),
        generatedAt: new Date().toISOString(),
      });
      const sha256 = createHash('sha256').update(html).digest('hex');
      await db.query(
        `INSERT INTO contract_documents (contract_id, revision, content_type, body, sha256) VALUES ($1,$2,'text/html; charset=utf-8',$3,$4)
         ON CONFLICT (contract_id, revision) DO NOTHING`,
        [contractId, revision, html, sha256],
      );
      const [stored] = await db.query(`SELECT sha256, length(body) AS bytes FROM contract_documents WHERE contract_id = $1 AND revision = $2`, [contractId, revision]);
      return { sha256: stored.sha256, bytes: Number(stored.bytes) };
    },

    async createOrder({ contractId }) {
      return tx(async (m) => {
        const [existing] = await m.query(`SELECT id, order_number FROM orders WHERE contract_id = $1`, [contractId]);
        if (existing) return { orderId: existing.id, orderNumber: existing.order_number };
        const [c] = await m.query(`SELECT data, currency, amount, customer_id FROM contracts WHERE id = $1`, [contractId]);
        const [{ n }] = await m.query(`SELECT nextval('order_number_seq') AS n`);
        const orderId = stableUuid('greenlight-order', contractId);
        const orderNumber = `SO-${n}`;
        await m.query(
          `INSERT INTO orders (id, contract_id, order_number, status, currency, amount, lines, customer_id) VALUES ($1,$2,$3,'created',$4,$5,$6,$7)`,
          [orderId, contractId, orderNumber, c.currency, c.amount, JSON.stringify(c.data.lines), c.customer_id],
        );
        return { orderId, orderNumber };
      });
    },
  };
}

interface ProductRow {
  sku: string;
  name: string;
  list_price: string;
  floor_price: string;
  tax_rate_percent: string;
  lead_time_days: number;
}

function toProduct(r: ProductRow): Product {
  return {
    sku: r.sku,
    name: r.name,
    listPrice: Number(r.list_price),
    floorPrice: Number(r.floor_price),
    taxRatePercent: Number(r.tax_rate_percent),
    leadTimeDays: Number(r.lead_time_days),
  };
}

function toCustomer(row: Record<string, unknown>, contractId: string): CustomerRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    registrationNumber: row.registration_number as string,
    country: row.country as string,
    creditLimit: Number(row.credit_limit),
    outstandingBalance: Number(row.outstanding_balance),
    maxOverdueDays: Number(row.max_overdue_days),
    deniedParty: Boolean(row.denied_party),
    created: row.created_by_contract_id === contractId,
  };
}

function taskResult(row: Record<string, unknown>): OpenTaskResult {
  const schedule = row.schedule as OpenTaskResult['schedule'];
  return {
    assigneeId: row.assignee_id as string,
    originalAssigneeId: row.original_assignee_id as string,
    routingNote: (row.routing_note as string) ?? null,
    schedule,
    escalationChain: (row.escalation_chain as string[]) ?? [],
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
