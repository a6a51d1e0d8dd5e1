// Contracts as reps change them: submission (stored, then started as workflow `contract-<id>`;
// when Temporal is unreachable the contract stays stored and the worker's reconciler starts it),
// revision and withdrawal (sent to the workflow as Updates, so the workflow stays the one writer
// of a contract's state). Reading is ContractViewsService's; storing is ContractsRepository's.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { DomainErrorCode } from '../domain/errors';
import { canonicalJson as canonical } from '../domain/rules/fingerprint';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { isDatabaseUnavailable } from '../common/unavailable';
import { flattenValidationErrors, validationFailed } from '../common/validation';
import { USCC_RULE } from './uscc.validator';
import { type AuthUser, isRep } from '../directory/auth';
import { TemporalCalls } from '../temporal/temporal-calls';
import { ContractStarter } from '../temporal/contract-starter';
import { type StoredContract, storedContract, SUBMISSION_FIELDS } from './contract-submission.repository';
import { CreateContractDto, type ReviseContractDto, toSubmission } from './contract.dto';
import { ContractsRepository } from './contracts.repository';
import { ContractViewsService } from './contract-views.service';
import { PolicyService } from '../reference/policy.service';
import { contractWorkflowId, reviseUpdate, withdrawUpdate } from '../../workflows/contract-approval/messages';

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
    db: DataSource,
    private readonly repo: ContractsRepository,
    private readonly views: ContractViewsService,
    private readonly temporal: TemporalCalls,
    private readonly clock: Clock,
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
    await this.requireKnownCc(submission.cc);
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
    const contract: StoredContract = { id: randomUUID(), submitterId: user.id, submittedAt: this.clock.now(), submission, policyVersion: policy.version };
    try {
      await this.repo.storeSubmission({
        id: contract.id,
        submission,
        policy,
        submitterId: user.id,
        submittedAt: contract.submittedAt,
        origin,
        idempotency: idempotencyKey ? { key: idempotencyKey, bodyHash } : undefined,
      });
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
    const row = await this.repo.findByIdempotencyKey(userId, key);
    if (!row) return null;
    if (row.idempotencyHash !== bodyHash) {
      throw new AppError(DomainErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different request body', { contractId: row.id });
    }
    if (row.workflowStartedAt !== null) return { id: row.id, status: row.status, workflowStarted: true };
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

  /** Everyone the rep copies must be a user of the directory: 400 naming each unknown one. */
  private async requireKnownCc(cc: readonly string[] | undefined): Promise<void> {
    if (!cc?.length) return;
    const known = await this.repo.displayNames(cc);
    const errors = cc.flatMap((id, i) => (known.has(id) ? [] : [{ field: `cc[${i}]`, rule: 'known_user', message: `cc[${i}] names no user (${id})` }]));
    if (errors.length) throw validationFailed(errors);
  }

  async revise(user: AuthUser, id: string, dto: ReviseContractDto, origin: Record<string, unknown>) {
    const row = await this.views.requireVisible(user, id);
    if (row.submitterId !== user.id) throw new AppError(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may revise the contract');
    const current = row.data;
    const { baseRevision, comment, ...changes } = dto;
    const merged = { ...current, ...stripUndefined(changes) } as ContractSubmission;
    // The merged contract must be as valid as a new submission, except that a revision which
    // leaves the customer alone keeps the registration number it was stored with (contracts
    // submitted before CN numbers had to be valid USCCs stay revisable).
    const errors = await validate(plainToInstance(CreateContractDto, merged), { whitelist: true, forbidNonWhitelisted: true });
    const fieldErrors = flattenValidationErrors(errors).filter((e) => changes.customer !== undefined || e.rule !== USCC_RULE);
    if (fieldErrors.length) throw validationFailed(fieldErrors);
    const submission = toSubmission(merged as CreateContractDto);
    await this.requireKnownCc(submission.cc);
    const changedFields = SUBMISSION_FIELDS.filter((f) => canonical(submission[f]) !== canonical(current[f]));
    const base = baseRevision ?? row.revision;
    await this.temporal.update(contractWorkflowId(id), reviseUpdate, {
      args: [{ userId: user.id, baseRevision: base, submission, changedFields, comment, origin }],
      // One revision per base revision: a double click or a retry returns the first result.
      updateId: `revise-${id}-${base}`,
    });
    return this.views.get(user, id);
  }

  async withdraw(user: AuthUser, id: string, reason: string | undefined, origin: Record<string, unknown>) {
    const row = await this.views.requireVisible(user, id);
    if (row.submitterId !== user.id) throw new AppError(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may withdraw the contract');
    if (row.status === 'withdrawn') return this.views.get(user, id);
    // Stored while Temporal was unreachable and not yet started by the reconciler: start it here,
    // so that the withdrawal goes through the workflow like any other (503 if still unreachable).
    if (row.workflowStartedAt === null) await this.starter.start(storedContract(row), { channel: 'api', reason: 'withdraw' });
    await this.temporal.update(contractWorkflowId(id), withdrawUpdate, {
      args: [{ userId: user.id, reason, origin }],
      updateId: `withdraw-${id}`,
    });
    return this.views.get(user, id);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}
