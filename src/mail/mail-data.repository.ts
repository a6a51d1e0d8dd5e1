// Reads what mails and task pages show: a task with its contract's facts and the reason it
// needs a person (clause deviations recomputed from the revision's clauses with the pure
// domain validator, since the rule's recorded inputs keep only keys and kinds), the people
// involved, and what reps are told when their contract closes or comes back.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { ContractRevisionEntity } from '../contracts/contract-revision.entity';
import { ContractStepEntity } from '../contracts/contract-step.entity';
import { ContractEntity } from '../contracts/contract.entity';
import { OrderEntity } from '../contracts/order.entity';
import type { Locale } from '../directory/locale';
import type { UserEntity } from '../directory/user.entity';
import { UsersRepository } from '../directory/users.repository';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { deriveFigures } from '../domain/contract/derive';
import { validateClauses } from '../domain/rules/clause-validation.rule';
import { ReferenceRepository } from '../reference/reference.repository';
import { TaskEntity } from '../tasks/task.entity';
import type { ClauseDeviationView, ContractFacts, HumanReason, ReviewerNote } from './templates/mail.props';

export interface Person {
  id: string;
  username: string;
  name: string;
  email: string;
  timeZone: string | null;
  /** The recipient's language; null: the organisation's default (config DEFAULT_LOCALE). */
  locale: Locale | null;
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

type TaskReason = Partial<TaskEntity['reason']>;

const iso = (v: Date | null | undefined): string | null => (v ? v.toISOString() : null);

@Injectable()
export class MailDataRepository {
  private readonly users: UsersRepository;
  private readonly reference: ReferenceRepository;

  constructor(private readonly db: DataSource) {
    this.users = new UsersRepository(db);
    this.reference = new ReferenceRepository(db);
  }

  async people(ids: string[]): Promise<Map<string, Person>> {
    return new Map((await this.users.findByIds(ids)).map((u) => [u.id, toPerson(u)]));
  }

  async person(id: string): Promise<Person | null> {
    const u = await this.users.findById(id);
    return u ? toPerson(u) : null;
  }

  /** The contract as it stood at `revision` (its current revision when omitted). */
  async contractFacts(contractId: string, revision?: number): Promise<{ facts: ContractFacts; submission: ContractSubmission; submitterId: string } | null> {
    const c = await this.db.getRepository(ContractEntity).findOneBy({ id: contractId });
    if (!c) return null;
    const rev = revision ?? c.revision;
    const [stored, submitter] = await Promise.all([
      this.db.getRepository(ContractRevisionEntity).findOneBy({ contractId, revision: rev }),
      this.users.findById(c.submitterId),
    ]);
    const submission = stored?.data ?? c.data;
    // Only list prices matter here (the discount a reviewer is told about).
    const products = await this.reference.productsBySku(submission.lines.map((l) => l.sku));
    const derived = deriveFigures(submission, products);
    const known = derived.listTotal > 0;
    return {
      submission,
      submitterId: c.submitterId,
      facts: {
        contractId,
        title: submission.title,
        revision: rev,
        customerName: submission.customer.name,
        customerCountry: submission.customer.country,
        currency: submission.currency,
        amount: Number(submission.amount),
        listTotal: known ? derived.listTotal : null,
        discountPercent: known ? derived.discountPercent : c.discountPercent,
        paymentTermsDays: submission.paymentTermsDays,
        requestedDeliveryDate: submission.requestedDeliveryDate,
        submitterName: submitter?.displayName ?? '',
      },
    };
  }

  async taskContext(taskId: string): Promise<TaskContext | null> {
    const t = await this.db.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!t) return null;
    const [loaded, step] = await Promise.all([
      this.contractFacts(t.contractId, t.revision),
      this.db.getRepository(ContractStepEntity).findOne({ where: { contractId: t.contractId, key: t.stepKey }, select: { name: true } }),
    ]);
    if (!loaded) return null;
    const reason: TaskReason = t.reason ?? {};
    return {
      taskId,
      contractId: t.contractId,
      stepKey: t.stepKey,
      revision: t.revision,
      status: t.status,
      assigneeId: t.assigneeId,
      escalatedTo: t.escalatedTo ?? [],
      dueAt: iso(t.dueAt),
      decision: t.decision,
      decidedById: t.decidedById,
      decidedAt: iso(t.decidedAt),
      comment: t.comment,
      contract: loaded.facts,
      why: {
        stepName: step?.name ?? humanize(t.stepKey),
        ruleId: reason.ruleId ?? 'unknown',
        reason: reason.reason ?? 'No reason was recorded',
        problems: reason.problems ?? [],
        deviations: readsDeviations(reason.inputs) ? await this.deviations(loaded.submission) : [],
        routingNote: t.routingNote ?? null,
      },
    };
  }

  private async deviations(submission: ContractSubmission): Promise<ClauseDeviationView[]> {
    const library = await this.reference.clauseLibrary();
    if (!library) return [];
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
    const e = await this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .select('e.data')
      .where('e.contract_id = :contractId', { contractId })
      .andWhere(`e.type = 'TASK_DELEGATED'`)
      .andWhere(`e.data->>'taskId' = :taskId`, { taskId })
      .orderBy('e.id', 'DESC')
      .limit(1)
      .getOne();
    if (!e) return null;
    const data = e.data as { fromUserId?: string; comment?: string };
    return { fromUserId: data.fromUserId ?? null, comment: data.comment ?? null };
  }

  /**
   * The return that started the round the step's task belongs to, when it returned the contract to
   * this step: the latest CONTRACT_RETURNED_TO_STEP of the revision, if its toStep is `stepKey`
   * (a later round started by a return elsewhere is not this step's return).
   */
  async returnedTo(contractId: string, stepKey: string, revision: number): Promise<{ byUserId: string; fromStepName: string; comment: string } | null> {
    const e = await this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .select('e.data')
      .where('e.contract_id = :contractId', { contractId })
      .andWhere(`e.type = 'CONTRACT_RETURNED_TO_STEP'`)
      .andWhere(`(e.data->>'revision')::int = :revision`, { revision })
      .orderBy('e.id', 'DESC')
      .limit(1)
      .getOne();
    if (!e) return null;
    const data = e.data as { byUserId: string; fromStep: string; toStep: string; comment?: string | null };
    if (data.toStep !== stepKey) return null;
    const from = await this.db.getRepository(ContractStepEntity).findOne({ select: { contractId: true, key: true, name: true }, where: { contractId, key: data.fromStep } });
    return { byUserId: data.byUserId, fromStepName: from?.name ?? data.fromStep, comment: data.comment ?? '' };
  }

  /** Comments of the steps that rejected the contract or sent it back, in chain order. */
  async reviewerNotes(contractId: string, status: 'rejected' | 'changes_requested'): Promise<ReviewerNote[]> {
    const steps = await this.db.getRepository(ContractStepEntity).find({ where: { contractId, status }, order: { number: 'ASC' } });
    const deciders = await this.people(steps.filter((s) => s.decidedByKind === 'user' && s.decidedById).map((s) => s.decidedById!));
    return steps.map((s) => ({
      stepName: s.name,
      byName: s.decidedByKind === 'user' ? (deciders.get(s.decidedById ?? '')?.name ?? 'a reviewer') : `rule ${s.decidedById ?? ''}`.trim(),
      comment: (s.comment ?? s.reason ?? '').trim() || '(no comment)',
      at: iso(s.completedAt),
    }));
  }

  async contractTimes(contractId: string): Promise<{ completedAt: string | null; reworkSince: string | null; orderNumber: string | null }> {
    const [c, order] = await Promise.all([
      this.db.getRepository(ContractEntity).findOne({ where: { id: contractId }, select: { id: true, completedAt: true, reworkSince: true } }),
      this.db.getRepository(OrderEntity).findOne({ where: { contractId }, select: { id: true, orderNumber: true } }),
    ]);
    return { completedAt: iso(c?.completedAt), reworkSince: iso(c?.reworkSince), orderNumber: order?.orderNumber ?? null };
  }

  /** The contract's order numbers, ours and the ERP's (null until the order bot entered it). */
  async erpOrderNumbers(contractId: string): Promise<{ orderNumber: string; erpOrderNumber: string | null } | null> {
    const order = await this.db.getRepository(OrderEntity).findOne({ where: { contractId }, select: { id: true, orderNumber: true, erpOrderNumber: true } });
    return order ? { orderNumber: order.orderNumber, erpOrderNumber: order.erpOrderNumber } : null;
  }
}

function toPerson(u: UserEntity): Person {
  return { id: u.id, username: u.username, name: u.displayName, email: u.email, timeZone: u.timeZone, locale: u.locale, roles: u.roles, managerId: u.managerId };
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
