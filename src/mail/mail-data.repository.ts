// Reads what mails and task pages show: a task with its contract's facts and the reason it
// needs a person (clause deviations recomputed from the revision's clauses with the pure
// domain validator, since the rule's recorded inputs keep only keys and kinds), the people
// involved, and what reps are told when their contract closes or comes back.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClauseLibrary, ContractSubmission, Product } from '../domain/contract/contract.types';
import { deriveFigures } from '../domain/contract/derive';
import { validateClauses } from '../domain/rules/clause-validation.rule';
import type { ClauseDeviationView, ContractFacts, HumanReason, ReviewerNote } from './templates/mail.props';

export interface Person {
  id: string;
  username: string;
  name: string;
  email: string;
  timeZone: string | null;
  roles: string[];
  managerId: string | null;
}

export interface TaskContext {
  taskId: string;
  contractId: string;
  stepKey: string;
  revision: number;
  status: 'open' | 'decided' | 'cancelled';
  assigneeId: string;
  escalatedTo: string[];
  dueAt: string | null;
  decision: string | null;
  decidedById: string | null;
  decidedAt: string | null;
  comment: string | null;
  contract: ContractFacts;
  why: HumanReason;
}

interface TaskReason {
  ruleId?: string;
  reason?: string;
  problems?: string[];
  inputs?: Record<string, unknown>;
}

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

@Injectable()
export class MailDataRepository {
  constructor(private readonly db: DataSource) {}

  async people(ids: string[]): Promise<Map<string, Person>> {
    const rows = ids.length
      ? await this.db.query(`SELECT id, username, display_name, email, time_zone, roles, manager_id FROM users WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    return new Map(
      rows.map((r: Record<string, unknown>) => [
        r.id as string,
        {
          id: r.id as string,
          username: r.username as string,
          name: r.display_name as string,
          email: r.email as string,
          timeZone: (r.time_zone as string | null) ?? null,
          roles: r.roles as string[],
          managerId: (r.manager_id as string | null) ?? null,
        },
      ]),
    );
  }

  async person(id: string): Promise<Person | null> {
    return (await this.people([id])).get(id) ?? null;
  }

  /** The contract as it stood at `revision` (its current revision when omitted). */
  async contractFacts(contractId: string, revision?: number): Promise<{ facts: ContractFacts; submission: ContractSubmission; submitterId: string } | null> {
    const [c] = await this.db.query(
      `SELECT c.id, c.title, c.revision, c.data, c.submitter_id, c.discount_percent, u.display_name AS submitter_name
       FROM contracts c JOIN users u ON u.id = c.submitter_id WHERE c.id = $1`,
      [contractId],
    );
    if (!c) return null;
    const rev = revision ?? (c.revision as number);
    const [r] = await this.db.query(`SELECT data FROM contract_revisions WHERE contract_id = $1 AND revision = $2`, [contractId, rev]);
    const submission = (r?.data ?? c.data) as ContractSubmission;
    const skus = [...new Set(submission.lines.map((l) => l.sku))];
    const productRows = skus.length ? await this.db.query(`SELECT sku, list_price FROM products WHERE sku = ANY($1)`, [skus]) : [];
    const products: Record<string, Product> = {};
    for (const p of productRows) {
      products[p.sku] = { sku: p.sku, name: p.sku, listPrice: Number(p.list_price), floorPrice: 0, taxRatePercent: 0, leadTimeDays: 0 };
    }
    const derived = deriveFigures(submission, products);
    const known = derived.listTotal > 0;
    return {
      submission,
      submitterId: c.submitter_id,
      facts: {
        contractId,
        title: submission.title,
        revision: rev,
        customerName: submission.customer.name,
        customerCountry: submission.customer.country,
        currency: submission.currency,
        amount: Number(submission.amount),
        listTotal: known ? derived.listTotal : null,
        discountPercent: known ? derived.discountPercent : c.discount_percent === null ? null : Number(c.discount_percent),
        paymentTermsDays: submission.paymentTermsDays,
        requestedDeliveryDate: submission.requestedDeliveryDate,
        submitterName: c.submitter_name,
      },
    };
  }

  async taskContext(taskId: string): Promise<TaskContext | null> {
    const [t] = await this.db.query(
      `SELECT t.*, s.name AS step_name FROM tasks t
       LEFT JOIN contract_steps s ON s.contract_id = t.contract_id AND s.key = t.step_key
       WHERE t.id = $1`,
      [taskId],
    );
    if (!t) return null;
    const loaded = await this.contractFacts(t.contract_id, t.revision);
    if (!loaded) return null;
    const reason = (t.reason ?? {}) as TaskReason;
    return {
      taskId,
      contractId: t.contract_id,
      stepKey: t.step_key,
      revision: t.revision,
      status: t.status,
      assigneeId: t.assignee_id,
      escalatedTo: t.escalated_to ?? [],
      dueAt: iso(t.due_at),
      decision: t.decision,
      decidedById: t.decided_by_id,
      decidedAt: iso(t.decided_at),
      comment: t.comment,
      contract: loaded.facts,
      why: {
        stepName: (t.step_name as string | null) ?? humanize(t.step_key),
        ruleId: reason.ruleId ?? 'unknown',
        reason: reason.reason ?? 'No reason was recorded',
        problems: reason.problems ?? [],
        deviations: readsDeviations(reason.inputs) ? await this.deviations(loaded.submission) : [],
        routingNote: t.routing_note ?? null,
      },
    };
  }

  private async deviations(submission: ContractSubmission): Promise<ClauseDeviationView[]> {
    const [lib] = await this.db.query(`SELECT body FROM reference_documents WHERE key = 'clause_library'`);
    if (!lib) return [];
    const library = lib.body as ClauseLibrary;
    const titles = new Map(library.clauses.map((c) => [c.key, c.title]));
    return validateClauses(submission.clauses, library).map((d) => ({
      clauseKey: d.clauseKey,
      clauseTitle: titles.get(d.clauseKey) ?? d.clauseKey,
      kind: d.kind,
      detail: d.detail,
      standardText: d.standardText,
      actualText: d.actualText,
    }));
  }

  /** Who handed the task over most recently, and what they said. */
  async lastDelegation(contractId: string, taskId: string): Promise<{ fromUserId: string | null; comment: string | null } | null> {
    const [e] = await this.db.query(
      `SELECT data FROM audit_events WHERE contract_id = $1 AND type = 'TASK_DELEGATED' AND data->>'taskId' = $2 ORDER BY id DESC LIMIT 1`,
      [contractId, taskId],
    );
    return e ? { fromUserId: e.data.fromUserId ?? null, comment: e.data.comment ?? null } : null;
  }

  /** Comments of the steps that rejected the contract or sent it back, in chain order. */
  async reviewerNotes(contractId: string, status: 'rejected' | 'changes_requested'): Promise<ReviewerNote[]> {
    const rows = await this.db.query(
      `SELECT s.name, s.decided_by_kind, s.decided_by_id, s.comment, s.reason, s.completed_at, u.display_name
       FROM contract_steps s LEFT JOIN users u ON u.id::text = s.decided_by_id
       WHERE s.contract_id = $1 AND s.status = $2 ORDER BY s.number`,
      [contractId, status],
    );
    return rows.map((r: Record<string, unknown>) => ({
      stepName: r.name as string,
      byName: r.decided_by_kind === 'user' ? ((r.display_name as string) ?? 'a reviewer') : `rule ${r.decided_by_id ?? ''}`.trim(),
      comment: ((r.comment as string | null) ?? (r.reason as string | null) ?? '').trim() || '(no comment)',
      at: iso(r.completed_at),
    }));
  }

  async contractTimes(contractId: string): Promise<{ completedAt: string | null; reworkSince: string | null; orderNumber: string | null }> {
    const [c] = await this.db.query(
      `SELECT c.completed_at, c.rework_since, o.order_number FROM contracts c LEFT JOIN orders o ON o.contract_id = c.id WHERE c.id = $1`,
      [contractId],
    );
    return { completedAt: iso(c?.completed_at), reworkSince: iso(c?.rework_since), orderNumber: c?.order_number ?? null };
  }
}

/** legal_review records the deviations' keys; sales_manager_approval their count. */
function readsDeviations(inputs: Record<string, unknown> | undefined): boolean {
  if (!inputs) return false;
  if (Array.isArray(inputs.deviations)) return inputs.deviations.length > 0;
  return typeof inputs.deviationCount === 'number' && inputs.deviationCount > 0;
}

function humanize(key: string): string {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
