// Contracts as reps, approvers and ops see them: submission (stored, then started as workflow
// `contract-<id>`; when Temporal is unreachable the contract stays stored and the worker's
// reconciler starts it), reading with object-level authorization, revision and withdrawal (sent
// to the workflow as Updates, so the workflow stays the one writer of a contract's state).
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import type { Incident } from '../domain/chain/engine.types';
import { visibleEventData, WITHHELD_REASON, withholdsCustomerRisk } from './customer-risk';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { DomainErrorCode } from '../domain/errors';
import { computeContractTiming } from '../domain/sla/rag';
import { canonicalJson as canonical } from '../domain/rules/fingerprint';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { isDatabaseUnavailable } from '../common/unavailable';
import { flattenValidationErrors, validationFailed } from '../common/validation';
import { type AuthUser, isOps, isRep } from '../directory/auth';
import { TemporalCalls } from '../temporal/temporal-calls';
import { ContractStarter } from '../temporal/contract-starter';
import { insertSubmittedContract, type StoredContract, storedContract, SUBMISSION_FIELDS } from './contract-submission.repository';
import { CreateContractDto, type ListContractsQuery, type ReviseContractDto } from './contract.dto';
import { PolicyService } from '../reference/policy.service';
import { contractWorkflowId, reviseUpdate, withdrawUpdate } from '../../workflows/contract-approval/messages';

/** SQL: contracts the user may see ($1 user id, $2 is ops). */
export const VISIBLE_TO = `(
  $2::boolean OR c.submitter_id = $1 OR EXISTS (
    SELECT 1 FROM tasks t WHERE t.contract_id = c.id
      AND ($1 = t.assignee_id OR $1 = t.original_assignee_id OR $1 = t.decided_by_id OR $1 = ANY(t.escalated_to))))`;

/** SQL: the contract's RAG, mirroring src/domain/sla/rag.ts (for filtering lists in the database). */
const RAG_SQL = `(
  WITH t AS (SELECT
    EXTRACT(EPOCH FROM (COALESCE(c.completed_at, now()) - c.submitted_at)) * 1000
      - c.rework_ms - CASE WHEN c.rework_since IS NULL THEN 0 ELSE EXTRACT(EPOCH FROM (now() - c.rework_since)) * 1000 END AS elapsed,
    c.target_hours * 3600000 AS target)
  SELECT CASE WHEN elapsed > target THEN 'red' WHEN elapsed > target * 2 / 3 OR c.any_step_breached THEN 'amber' ELSE 'green' END FROM t)`;

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
}

/**
 * What a submission answers. `workflowStarted: false` (HTTP 202): the contract is stored but
 * Temporal could not be reached; the worker's reconciler starts its workflow once it can, so the
 * client must not resubmit.
 */
export interface SubmitResult {
  id: string;
  status: string;
  workflowStarted: boolean;
  message?: string;
}

@Injectable()
export class ContractsService {
  private readonly logger = new Logger('ContractsService');
  private readonly starter: ContractStarter;

  constructor(
    private readonly db: DataSource,
    private readonly temporal: TemporalCalls,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly policies: PolicyService,
  ) {
    this.starter = new ContractStarter({ db, calls: temporal, policyByVersion: (v) => policies.byVersion(v), config });
  }

  async submit(user: AuthUser, dto: CreateContractDto, idempotencyKey: string | undefined, origin: Record<string, unknown>): Promise<SubmitResult> {
    if (!isRep(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only reps submit contracts');
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw validationFailed([{ field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 1-200 characters of letters, digits, . _ : -' }]);
    }
    const submission = toSubmission(dto);
    const bodyHash = createHash('sha256').update(canonical(submission)).digest('hex');
    let stored: StoredContract | SubmitResult;
    try {
      stored = await this.store(user, submission, bodyHash, idempotencyKey, origin);
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        // Without a key a retry could store the contract twice (if the commit did land), so say so.
        throw new AppError(
          EdgeErrorCode.SERVICE_UNAVAILABLE,
          idempotencyKey
            ? 'The database did not answer; retrying with the same Idempotency-Key is safe'
            : 'The database did not answer, and the contract may or may not be stored: look for it (GET /api/contracts) before submitting again, or send an Idempotency-Key so that retries are safe',
          { dependency: 'database', retrySafe: Boolean(idempotencyKey) },
        );
      }
      throw err;
    }
    return 'workflowStarted' in stored ? stored : this.startOrDefer(stored, origin);
  }

  /** Stores a new contract, or finds the one an earlier request with the same Idempotency-Key stored. */
  private async store(
    user: AuthUser,
    submission: ContractSubmission,
    bodyHash: string,
    idempotencyKey: string | undefined,
    origin: Record<string, unknown>,
  ): Promise<StoredContract | SubmitResult> {
    if (idempotencyKey) {
      const existing = await this.findByIdempotencyKey(user.id, idempotencyKey, bodyHash, origin);
      if (existing) return existing;
    }
    const policy = this.policies.current();
    const contract: StoredContract = { id: randomUUID(), submitterId: user.id, submittedAt: new Date(), submission, policyVersion: policy.version };
    try {
      await this.db.transaction((m) =>
        insertSubmittedContract(m, {
          id: contract.id,
          submission,
          policy,
          submitterId: user.id,
          submittedAt: contract.submittedAt,
          origin,
          idempotency: idempotencyKey ? { key: idempotencyKey, bodyHash } : undefined,
        }),
      );
    } catch (err) {
      if (idempotencyKey && isUniqueViolation(err)) {
        // A concurrent request with the same key won the race.
        const existing = await this.findByIdempotencyKey(user.id, idempotencyKey, bodyHash, origin);
        if (existing) return existing;
      }
      throw err;
    }
    return contract;
  }

  /**
   * A replay of an Idempotency-Key returns the stored contract. Only a contract stored without a
   * started workflow (Temporal was unreachable) is started, never one that ran: once Temporal's
   * retention has removed a closed run, a start would run the contract again from revision 1.
   */
  private async findByIdempotencyKey(userId: string, key: string, bodyHash: string, origin: Record<string, unknown>): Promise<SubmitResult | null> {
    const [row] = await this.db.query(
      `SELECT id, status, idempotency_hash, submitter_id, submitted_at, data, policy_version, workflow_started_at
       FROM contracts WHERE submitter_id = $1 AND idempotency_key = $2`,
      [userId, key],
    );
    if (!row) return null;
    if (row.idempotency_hash !== bodyHash) {
      throw new AppError(DomainErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request body', { contractId: row.id });
    }
    if (row.workflow_started_at !== null) return { id: row.id as string, status: row.status as string, workflowStarted: true };
    return this.startOrDefer(storedContract(row), { ...origin, retry: true });
  }

  /** Starts the stored contract's workflow; when Temporal does not answer, leaves it to the reconciler. */
  private async startOrDefer(contract: StoredContract, origin: Record<string, unknown>): Promise<SubmitResult> {
    try {
      await this.starter.start(contract, origin);
      return { id: contract.id, status: 'in_review', workflowStarted: true };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn(`contract ${contract.id} stored; its workflow did not start (${reason}); the reconciler will start it`);
      return {
        id: contract.id,
        status: 'in_review',
        workflowStarted: false,
        message: 'The contract is stored. Its approval workflow could not be started just now and starts automatically once the workflow service is reachable; do not submit it again.',
      };
    }
  }

  async list(user: AuthUser, q: ListContractsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const params: unknown[] = [user.id, isOps(user)];
    const where = [VISIBLE_TO];
    if (q.status) {
      params.push(q.status);
      where.push(`c.status = $${params.length}`);
    }
    if (q.step) {
      params.push(q.step);
      where.push(`$${params.length} = ANY(c.current_steps)`);
    }
    if (q.rag) {
      params.push(q.rag);
      where.push(`${RAG_SQL} = $${params.length}`);
    }
    const sqlWhere = where.join(' AND ');
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM contracts c WHERE ${sqlWhere}`, params);
    params.push(pageSize, (page - 1) * pageSize);
    const rows = await this.db.query(
      `SELECT c.*, ${RAG_SQL} AS rag FROM contracts c WHERE ${sqlWhere} ORDER BY c.submitted_at DESC, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { page, pageSize, total, items: rows.map((r: Record<string, unknown>) => this.summary(r)) };
  }

  private summary(r: Record<string, unknown>) {
    return {
      id: r.id as string,
      title: r.title as string,
      status: r.status as string,
      revision: r.revision as number,
      customer: { name: r.customer_name, registrationNumber: r.customer_registration_number, country: r.customer_country },
      currency: r.currency as string,
      amount: Number(r.amount),
      discountPercent: r.discount_percent === null ? null : Number(r.discount_percent),
      currentSteps: r.current_steps as string[],
      submittedAt: iso(r.submitted_at),
      completedAt: iso(r.completed_at),
      timing: this.timing(r),
      // Stuck on an activity that failed for good: where and why (ops retry with POST /api/contracts/:id/retry).
      needsAttention: r.incidents != null,
      incidents: (r.incidents as Incident[] | null) ?? [],
    };
  }

  private timing(r: Record<string, unknown>) {
    const now = new Date();
    const ongoingRework = r.rework_since ? now.getTime() - new Date(r.rework_since as string).getTime() : 0;
    return computeContractTiming({
      submittedAt: r.submitted_at as Date,
      completedAt: (r.completed_at as Date | null) ?? undefined,
      now,
      targetHours: Number(r.target_hours),
      reworkMs: Number(r.rework_ms) + ongoingRework,
      anyStepBreached: Boolean(r.any_step_breached),
    });
  }

  /** Loads a contract the user may see, or 404 (never revealing that it exists). */
  async requireVisible(user: AuthUser, id: string): Promise<Record<string, unknown>> {
    if (!isUuid(id)) throw new AppError(DomainErrorCode.CONTRACT_NOT_FOUND, `No contract ${id}`);
    const [row] = await this.db.query(`SELECT c.* FROM contracts c WHERE c.id = $3 AND ${VISIBLE_TO}`, [user.id, isOps(user), id]);
    if (!row) throw new AppError(DomainErrorCode.CONTRACT_NOT_FOUND, `No contract ${id}`);
    return row;
  }

  async get(user: AuthUser, id: string) {
    const row = await this.requireVisible(user, id);
    return this.view(row, user);
  }

  async view(row: Record<string, unknown>, viewer: AuthUser) {
    const id = row.id as string;
    const [steps, tasks, [order], docs, users] = await Promise.all([
      this.db.query(`SELECT * FROM contract_steps WHERE contract_id = $1 ORDER BY number`, [id]),
      this.db.query(`SELECT * FROM tasks WHERE contract_id = $1 AND status = 'open' ORDER BY created_at`, [id]),
      this.db.query(`SELECT id, order_number, status, currency, amount, created_at FROM orders WHERE contract_id = $1`, [id]),
      this.db.query(`SELECT revision, sha256, created_at FROM contract_documents WHERE contract_id = $1 ORDER BY revision DESC LIMIT 1`, [id]),
      this.db.query(`SELECT id, username, display_name FROM users`),
    ]);
    const names = new Map<string, string>(users.map((u: { id: string; display_name: string }) => [u.id, u.display_name]));
    const person = (uid: string | null) => (uid ? { id: uid, name: names.get(uid) ?? uid } : null);
    return {
      ...this.summary(row),
      /** False while the contract waits for the reconciler to start its workflow. */
      workflowStarted: row.workflow_started_at !== null && row.workflow_started_at !== undefined,
      policyVersion: row.policy_version as string,
      chainId: row.chain_id as string,
      submitter: person(row.submitter_id as string),
      problems: (row.problems as string[] | null) ?? null,
      data: row.data as ContractSubmission,
      steps: steps.map((s: Record<string, unknown>): StepView => ({
        key: s.key as string,
        number: s.number as number,
        name: s.name as string,
        status: s.status as string,
        revision: s.revision as number,
        decidedBy: s.decided_by_kind
          ? { kind: s.decided_by_kind as 'rule' | 'user', id: s.decided_by_id as string, ...(s.decided_by_kind === 'user' ? { name: names.get(s.decided_by_id as string) } : {}) }
          : null,
        policyVersion: (s.policy_version as string) ?? null,
        ...(withholdsCustomerRisk(viewer, s.key as string)
          ? { reason: s.reason ? WITHHELD_REASON : null, inputs: null, problems: null }
          : {
              reason: (s.reason as string) ?? null,
              inputs: (s.inputs as Record<string, unknown>) ?? null,
              problems: (s.problems as string[]) ?? null,
            }),
        comment: (s.comment as string) ?? null,
        keptFromRevision: (s.kept_from_revision as number) ?? null,
        taskId: (s.task_id as string) ?? null,
        startedAt: iso(s.started_at),
        completedAt: iso(s.completed_at),
        dueAt: (s.sla as { dueAt?: string } | null)?.dueAt ?? null,
        sla: (s.sla as Record<string, unknown>) ?? null,
      })),
      openTasks: tasks.map((t: Record<string, unknown>) => ({
        id: t.id as string,
        stepKey: t.step_key as string,
        revision: t.revision as number,
        assignee: person(t.assignee_id as string),
        originalAssignee: person(t.original_assignee_id as string),
        escalatedTo: (t.escalated_to as string[]).map(person),
        escalationLevel: t.escalation_level as number,
        dueAt: iso(t.due_at),
        createdAt: iso(t.created_at),
      })),
      order: order ? { id: order.id, orderNumber: order.order_number, status: order.status, currency: order.currency, amount: Number(order.amount), createdAt: iso(order.created_at) } : null,
      document: docs[0] ? { revision: docs[0].revision, sha256: docs[0].sha256, url: `/api/contracts/${id}/document`, createdAt: iso(docs[0].created_at) } : null,
    };
  }

  async document(user: AuthUser, id: string) {
    await this.requireVisible(user, id);
    const [doc] = await this.db.query(`SELECT content_type, body, sha256 FROM contract_documents WHERE contract_id = $1 ORDER BY revision DESC LIMIT 1`, [id]);
    if (!doc) throw new AppError(EdgeErrorCode.NOT_FOUND, 'The contract document is generated once every approval is in');
    return doc as { content_type: string; body: string; sha256: string };
  }

  /** The audit events; where each request came from (IP, user agent) only for ops. */
  async history(user: AuthUser, id: string) {
    await this.requireVisible(user, id);
    const showOrigin = isOps(user);
    const rows = await this.db.query(
      `SELECT id, type, actor_kind, actor_id, revision, step_key, occurred_at, origin, data FROM audit_events WHERE contract_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      type: r.type,
      actor: { kind: r.actor_kind, id: r.actor_id },
      revision: r.revision,
      stepKey: r.step_key,
      occurredAt: iso(r.occurred_at),
      ...(showOrigin ? { origin: r.origin } : {}),
      data: visibleEventData(user, r.step_key as string | null, r.data as Record<string, unknown>),
    }));
  }

  async revise(user: AuthUser, id: string, dto: ReviseContractDto, origin: Record<string, unknown>) {
    const row = await this.requireVisible(user, id);
    if (row.submitter_id !== user.id) throw new AppError(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may revise the contract');
    const current = row.data as ContractSubmission;
    const { baseRevision, comment, ...changes } = dto;
    const merged = { ...current, ...stripUndefined(changes) } as ContractSubmission;
    // The merged contract must be as valid as a new submission.
    const errors = await validate(plainToInstance(CreateContractDto, merged), { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationFailed(flattenValidationErrors(errors));
    const submission = toSubmission(merged as CreateContractDto);
    const changedFields = SUBMISSION_FIELDS.filter((f) => canonical(submission[f]) !== canonical(current[f]));
    const base = baseRevision ?? (row.revision as number);
    await this.temporal.update(contractWorkflowId(id), reviseUpdate, {
      args: [{ userId: user.id, baseRevision: base, submission, changedFields, comment, origin }],
      // One revision per base revision: a double click or a retry returns the first result.
      updateId: `revise-${id}-${base}`,
    });
    return this.get(user, id);
  }

  async withdraw(user: AuthUser, id: string, reason: string | undefined, origin: Record<string, unknown>) {
    const row = await this.requireVisible(user, id);
    if (row.submitter_id !== user.id) throw new AppError(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may withdraw the contract');
    if (row.status === 'withdrawn') return this.get(user, id);
    // Stored while Temporal was unreachable and not yet started by the reconciler: start it here,
    // so that the withdrawal goes through the workflow like any other (503 if still unreachable).
    if (row.workflow_started_at === null) await this.starter.start(storedContract(row), { channel: 'api', reason: 'withdraw' });
    await this.temporal.update(contractWorkflowId(id), withdrawUpdate, {
      args: [{ userId: user.id, reason, origin }],
      updateId: `withdraw-${id}`,
    });
    return this.get(user, id);
  }
}

function toSubmission(dto: CreateContractDto): ContractSubmission {
  return {
    title: dto.title,
    customer: { name: dto.customer.name, registrationNumber: dto.customer.registrationNumber, country: dto.customer.country },
    currency: dto.currency,
    amount: dto.amount,
    paymentTermsDays: dto.paymentTermsDays,
    requestedDeliveryDate: dto.requestedDeliveryDate,
    personalData: dto.personalData,
    lines: dto.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, taxRatePercent: l.taxRatePercent })),
    clauses: dto.clauses.map((c) => ({ key: c.key, text: c.text })),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

export function isUuid(v: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}

export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(v as string).toISOString();
}
