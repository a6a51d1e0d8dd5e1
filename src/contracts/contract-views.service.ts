// Contracts as the API shows them: the list with its filters, one contract with its steps, open
// tasks, order and document, the document itself and the audit history, each with object-level
// authorization (a contract the caller may not see is a 404, never a 403 that reveals it exists).
// Timing (RAG) is computed by the domain at the injected clock's "now".
import { Injectable, Optional } from '@nestjs/common';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { type AuthUser, isOps } from '../directory/auth';
import type { ContractStatus } from '../domain/chain/engine.types';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { DomainErrorCode } from '../domain/errors';
import { computeContractTiming } from '../domain/sla/rag';
import type { ContractEntity } from './contract.entity';
import type { ListContractsQuery } from './contract.dto';
import { ContractsRepository, type Viewer } from './contracts.repository';
import { AdHocApproversRepository } from './ad-hoc-approvers.repository';
import { isAdHocStepKey } from '../domain/chain/ad-hoc-step';
import { visibleEventData, WITHHELD_REASON, withholdsCustomerRisk } from './customer-risk';
import { approverUserIds, stepApproversView, type StepApproversView } from './step-approvers.view';

export interface StepView {
  key: string;
  number: number;
  name: string;
  status: string;
  revision: number;
  decidedBy: { kind: 'rule' | 'user'; id: string; name?: string } | null;
  policyVersion: string | null;
  reason: string | null;
  inputs: Record<string, unknown> | null;
  problems: string[] | null;
  comment: string | null;
  keptFromRevision: number | null;
  taskId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  dueAt: string | null;
  sla: Record<string, unknown> | null;
  /** Who the step's decision was copied to (抄送; the policy's step and the rep's cc), once it is decided; [] when nobody. */
  cc: { id: string; name: string }[];
  /** Added to the running contract by a sales manager or ops (POST /api/contracts/:id/approvers), with who and why. */
  adHoc: boolean;
  addedBy: { id: string; name: string } | null;
  addedReason: string | null;
  /** A step several people decide together (countersign 会签, or-sign 或签, quorum): mode, tally and each approver's state; null for one assignee. */
  approvers: StepApproversView | null;
}

const viewerOf = (user: AuthUser): Viewer => ({ userId: user.id, ops: isOps(user) });

@Injectable()
export class ContractViewsService {
  constructor(
    private readonly repo: ContractsRepository,
    private readonly clock: Clock,
    // Optional for views built by hand (tests) on contracts without added approvers.
    @Optional() private readonly adHoc?: AdHocApproversRepository,
  ) {}

  async list(user: AuthUser, q: ListContractsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter = { status: q.status as ContractStatus | undefined, step: q.step, rag: q.rag, repId: q.repId, country: q.country, attention: q.attention, now: this.clock.now() };
    const { total, items } = await this.repo.list(viewerOf(user), filter, { offset: (page - 1) * pageSize, limit: pageSize });
    // The reps of this page only, by id: never the whole directory.
    const names = await this.repo.displayNames(items.map((c) => c.submitterId));
    return { page, pageSize, total, items: items.map((c) => ({ ...this.summary(c), submitter: { id: c.submitterId, name: names.get(c.submitterId) ?? c.submitterId } })) };
  }

  summary(c: ContractEntity) {
    return {
      id: c.id,
      title: c.title,
      status: c.status as string,
      revision: c.revision,
      customer: { name: c.customerName, registrationNumber: c.customerRegistrationNumber, country: c.customerCountry },
      currency: c.currency,
      amount: c.amount,
      discountPercent: c.discountPercent,
      currentSteps: c.currentSteps,
      submittedAt: iso(c.submittedAt),
      completedAt: iso(c.completedAt),
      timing: computeContractTiming({
        submittedAt: c.submittedAt,
        completedAt: c.completedAt ?? undefined,
        now: this.clock.now(),
        targetHours: c.targetHours,
        reworkMs: c.reworkMs,
        reworkSince: c.reworkSince,
        anyStepBreached: c.anyStepBreached,
      }),
      // Stuck on an activity that failed for good: where and why (ops retry with POST /api/contracts/:id/retry).
      needsAttention: c.incidents != null,
      incidents: c.incidents ?? [],
      // What ops must follow up by hand, e.g. an escalation that ran out of managers (until the task is decided).
      attention: c.attention ?? [],
    };
  }

  /** Loads a contract the user may see, or 404 (never revealing that it exists). */
  async requireVisible(user: AuthUser, id: string): Promise<ContractEntity> {
    const contract = isUuid(id) ? await this.repo.findVisible(viewerOf(user), id) : null;
    if (!contract) throw new AppError(DomainErrorCode.CONTRACT_NOT_FOUND, `No contract ${id}`);
    return contract;
  }

  async get(user: AuthUser, id: string) {
    return this.view(await this.requireVisible(user, id), user);
  }

  /** The contract view; loads only the users it names (submitter, deciders, assignees, escalations). */
  async view(c: ContractEntity, viewer: AuthUser) {
    // Three round trips, each of independent reads: the parts, then what the steps name, then the names.
    const [{ steps, openTasks, order, document }, cc] = await Promise.all([this.repo.parts(c.id), this.repo.ccRecipients(c.id)]);
    const [added, approverTasks] = await Promise.all([
      this.adHoc && steps.some((s) => isAdHocStepKey(s.key)) ? this.adHoc.added(c.id) : new Map<string, never>(),
      // Steps several people decide together: each approver's task (countersign, step-approvers.view.ts).
      this.repo.tasksByIds(steps.flatMap((s) => s.approvers?.approvers.map((a) => a.taskId) ?? [])),
    ]);
    const names = await this.repo.displayNames([
      c.submitterId,
      ...[...cc.values()].flat(),
      ...steps.flatMap((s) => approverUserIds(s.approvers, approverTasks)),
      ...[...added.values()].map((a) => a.addedById),
      ...steps.filter((s) => s.decidedByKind === 'user').map((s) => s.decidedById),
      ...openTasks.flatMap((t) => [t.assigneeId, t.originalAssigneeId, ...t.escalatedTo]),
    ]);
    const person = (uid: string | null) => (uid ? { id: uid, name: names.get(uid) ?? uid } : null);
    return {
      ...this.summary(c),
      /** False while the contract waits for the reconciler to start its workflow. */
      workflowStarted: c.workflowStartedAt !== null,
      policyVersion: c.policyVersion,
      chainId: c.chainId,
      submitter: person(c.submitterId),
      problems: c.problems ?? null,
      data: c.data as ContractSubmission,
      steps: orderAdded(steps, added).map((s): StepView => ({
        key: s.key,
        number: s.number,
        name: s.name,
        status: s.status,
        revision: s.revision,
        decidedBy: s.decidedByKind
          ? { kind: s.decidedByKind, id: s.decidedById as string, ...(s.decidedByKind === 'user' ? { name: names.get(s.decidedById as string) } : {}) }
          : null,
        policyVersion: s.policyVersion ?? null,
        ...(withholdsCustomerRisk(viewer, s.key)
          ? { reason: s.reason ? WITHHELD_REASON : null, inputs: null, problems: null }
          : { reason: s.reason ?? null, inputs: s.inputs ?? null, problems: s.problems ?? null }),
        comment: s.comment ?? null,
        keptFromRevision: s.keptFromRevision ?? null,
        taskId: s.taskId ?? null,
        startedAt: iso(s.startedAt),
        completedAt: iso(s.completedAt),
        dueAt: s.sla?.dueAt ?? null,
        sla: (s.sla as unknown as Record<string, unknown>) ?? null,
        cc: (cc.get(`${s.revision}:${s.key}`) ?? []).map((id) => ({ id, name: names.get(id) ?? id })),
        adHoc: isAdHocStepKey(s.key),
        addedBy: added.has(s.key) ? person(added.get(s.key)!.addedById) : null,
        addedReason: added.get(s.key)?.reason ?? null,
        approvers: stepApproversView(s.approvers, approverTasks, person),
      })),
      openTasks: openTasks.map((t) => ({
        id: t.id,
        stepKey: t.stepKey,
        revision: t.revision,
        assignee: person(t.assigneeId),
        originalAssignee: person(t.originalAssigneeId),
        escalatedTo: t.escalatedTo.map(person),
        escalationLevel: t.escalationLevel,
        dueAt: iso(t.dueAt),
        createdAt: iso(t.createdAt),
      })),
      order: order
        ? {
            id: order.id,
            orderNumber: order.orderNumber,
            status: order.status,
            currency: order.currency,
            amount: order.amount,
            createdAt: iso(order.createdAt),
            // What the order bots found in the ERP (null until the order is entered there).
            erpOrderNumber: order.erpOrderNumber,
            erpAdapter: order.erpAdapter,
            erpStatus: order.erpStatus,
            erpStatusHistory: order.erpStatusHistory,
            erpCheckedAt: order.erpCheckedAt ? iso(order.erpCheckedAt) : null,
          }
        : null,
      document: document
        ? {
            revision: document.revision,
            sha256: document.sha256,
            url: `/api/contracts/${c.id}/document`,
            pdfUrl: document.pdfSha256 ? `/api/contracts/${c.id}/document.pdf` : null,
            createdAt: iso(document.createdAt),
          }
        : null,
    };
  }

  async document(user: AuthUser, id: string): Promise<{ contentType: string; body: string; sha256: string }> {
    await this.requireVisible(user, id);
    const doc = await this.repo.latestDocument(id);
    if (!doc) throw new AppError(EdgeErrorCode.NOT_FOUND, 'The contract document is generated once every approval is in');
    return { contentType: doc.contentType, body: doc.body, sha256: doc.sha256 };
  }

  /** The latest document as PDF; 404 like the HTML when there is none (or it predates PDFs). */
  async documentPdf(user: AuthUser, id: string): Promise<{ pdf: Buffer; sha256: string; revision: number }> {
    await this.requireVisible(user, id);
    const doc = await this.repo.latestDocumentPdf(id);
    if (!doc) throw new AppError(EdgeErrorCode.NOT_FOUND, 'The contract document is generated once every approval is in');
    return doc;
  }

  /** The audit events; where each request came from (IP, user agent) only for ops. */
  async history(user: AuthUser, id: string) {
    await this.requireVisible(user, id);
    const showOrigin = isOps(user);
    return (await this.repo.history(id)).map((e) => ({
      id: Number(e.id),
      type: e.type,
      actor: { kind: e.actorKind, id: e.actorId },
      revision: e.revision,
      stepKey: e.stepKey,
      occurredAt: iso(e.occurredAt),
      ...(showOrigin ? { origin: e.origin } : {}),
      data: visibleEventData(user, e.stepKey, e.data),
    }));
  }
}

/** An added step shows right after the step it follows, after those added there before it (and theirs). */
function orderAdded<T extends { key: string }>(steps: T[], added: ReadonlyMap<string, { stepAfter: string }>): T[] {
  if (!added.size) return steps;
  const seq = (key: string) => Number(key.replace(/\D+/g, '')) || 0;
  const addedSteps = steps.filter((s) => isAdHocStepKey(s.key)).sort((a, b) => seq(a.key) - seq(b.key));
  const out: T[] = [];
  const emit = (s: T) => {
    out.push(s);
    for (const a of addedSteps) if (added.get(a.key)?.stepAfter === s.key && !out.includes(a)) emit(a);
  };
  for (const s of steps) if (!isAdHocStepKey(s.key)) emit(s);
  // An added step whose event is missing (should not happen) still shows, at the end.
  for (const s of addedSteps) if (!out.includes(s)) out.push(s);
  return out;
}

export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

export function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}
