// Policy versions and drafts (issue 16): policy admins make a draft from any version, change it
// within what the engine supports, and activate it, now or from a future instant; ops read.
// A draft is validated completely (validatePolicyDraft) on every change and again on activation;
// each problem is a 400 field error naming the JSON path and the rule. Activation is audited
// (POLICY_ACTIVATED) and PolicyService reloads its schedule, so the next contract takes it.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { validatePolicyDraft } from '../domain/chain/policy-validation';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { DomainErrorCode } from '../domain/errors';
import { PolicyService } from '../reference/policy.service';
import { applyDraftChanges, parseDraftChanges } from './draft-changes';
import { diffPolicies } from './policy-diff';
import type { PolicyDraftSummary, PolicyDraftView, PolicyDiffView, PolicyVersionSummary, PolicyVersionView } from './policy.dto';
import type { PolicyVersionEntity } from './policy-version.entity';
import { PolicyRepository } from './policy.repository';
import { inForceAt } from './policy-store';

const isPolicyAdmin = (u: AuthUser) => u.roles.includes('policy_admin');
/** How far in the past an activeFrom may lie (clock skew between the caller and the API). */
const ACTIVE_FROM_SKEW_MS = 60_000;
const DRAFT_VERSION = 'draft';

@Injectable()
export class PolicyAdminService {
  constructor(
    private readonly repo: PolicyRepository,
    private readonly policies: PolicyService,
    private readonly clock: Clock,
  ) {}

  async versions(user: AuthUser): Promise<PolicyVersionSummary[]> {
    this.mayRead(user);
    const rows = await this.repo.versions();
    return rows.map((r) => summary(r, rows, this.clock.now()));
  }

  async version(user: AuthUser, version: string): Promise<PolicyVersionView> {
    this.mayRead(user);
    const row = await this.repo.version(version);
    if (!row) throw new AppError(EdgeErrorCode.NOT_FOUND, `There is no policy version '${version}'`);
    const rows = await this.repo.versions();
    return { ...summary(row, rows, this.clock.now()), policy: row.policy as unknown as Record<string, unknown> };
  }

  async drafts(user: AuthUser): Promise<PolicyDraftSummary[]> {
    this.mayRead(user);
    return (await this.repo.drafts()).map((r) => {
      const { policy, ...draft } = draftView(r);
      return { ...draft, description: (policy as { description?: string }).description ?? null };
    });
  }

  async draft(user: AuthUser, id: string): Promise<PolicyDraftView> {
    this.mayRead(user);
    return draftView(await this.findDraft(id));
  }

  async createDraft(user: AuthUser, fromVersion: string): Promise<PolicyDraftView> {
    this.mayWrite(user);
    const from = await this.repo.version(fromVersion);
    if (!from) throw validationFailed([{ field: 'fromVersion', rule: 'known_version', message: `There is no policy version '${fromVersion}'` }]);
    const id = randomUUID();
    await this.repo.insertDraft({ id, chainId: from.chainId, policy: { ...from.policy, version: DRAFT_VERSION }, fromVersion, createdBy: user.id, createdAt: this.clock.now() });
    return draftView((await this.repo.draft(id))!);
  }

  async patchDraft(user: AuthUser, id: string, body: unknown): Promise<PolicyDraftView> {
    this.mayWrite(user);
    const parsed = parseDraftChanges(body);
    if ('errors' in parsed) throw validationFailed(parsed.errors);
    const row = await this.findDraft(id);
    const applied = applyDraftChanges(row.policy, parsed.changes);
    if ('errors' in applied) throw validationFailed(applied.errors);
    assertValid(applied.policy);
    if (!(await this.repo.updateDraft(id, applied.policy, this.clock.now()))) throw notADraft(id);
    return draftView((await this.repo.draft(id))!);
  }

  async activate(user: AuthUser, id: string, activeFromText: string | undefined, origin: Record<string, unknown>): Promise<PolicyVersionView> {
    this.mayWrite(user);
    const row = await this.findDraft(id);
    const now = this.clock.now();
    const activeFrom = activeFromText === undefined ? now : new Date(activeFromText);
    if (Number.isNaN(activeFrom.getTime())) throw validationFailed([{ field: 'activeFrom', rule: 'isIso8601', message: 'activeFrom must be an ISO 8601 instant' }]);
    if (activeFrom.getTime() < now.getTime() - ACTIVE_FROM_SKEW_MS) {
      throw validationFailed([{ field: 'activeFrom', rule: 'not_past', message: `activeFrom must not be in the past (now ${now.toISOString()})` }]);
    }
    assertValid(row.policy);
    const version = await this.repo.nextVersionId(row.chainId);
    const policy: ChainPolicy = { ...row.policy, version };
    const from = row.fromVersion ? await this.repo.version(row.fromVersion) : null;
    const changes = from ? diffPolicies(from.policy, policy) : [];
    const activated = await this.repo.activate(
      id,
      { version, policy, activatedBy: user.id, activatedAt: now, activeFrom },
      {
        eventKey: `policy-activated:${version}`,
        type: AUDIT_EVENT_TYPES.POLICY_ACTIVATED,
        contractId: null,
        actorKind: 'user',
        actorId: user.id,
        revision: null,
        stepKey: null,
        occurredAt: now.toISOString(),
        origin,
        data: { version, chainId: row.chainId, draftId: id, fromVersion: row.fromVersion, activeFrom: activeFrom.toISOString(), changes },
      },
    );
    if (!activated) throw notADraft(id);
    await this.policies.refresh();
    return this.version(user, version);
  }

  async diff(user: AuthUser, fromVersion: string, toVersion: string): Promise<PolicyDiffView> {
    this.mayRead(user);
    const [from, to] = await Promise.all([this.repo.version(fromVersion), this.repo.version(toVersion)]);
    const errors = [
      ...(from ? [] : [{ field: 'from', rule: 'known_version', message: `There is no policy version '${fromVersion}'` }]),
      ...(to ? [] : [{ field: 'to', rule: 'known_version', message: `There is no policy version '${toVersion}'` }]),
    ];
    if (errors.length) throw validationFailed(errors);
    return { from: fromVersion, to: toVersion, changes: diffPolicies(from!.policy, to!.policy) };
  }

  private async findDraft(id: string): Promise<PolicyVersionEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.draft(id) : null;
    if (!row) throw new AppError(EdgeErrorCode.NOT_FOUND, `There is no policy draft ${id}`);
    return row;
  }

  private mayRead(user: AuthUser): void {
    if (!isOps(user) && !isPolicyAdmin(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops and policy admins read policy versions and drafts');
  }

  private mayWrite(user: AuthUser): void {
    if (!isPolicyAdmin(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only policy admins change policy drafts and activate versions');
  }
}

function assertValid(policy: ChainPolicy): void {
  const problems = validatePolicyDraft(policy);
  if (problems.length) throw validationFailed(problems);
}

function notADraft(id: string): AppError {
  return new AppError(DomainErrorCode.VALIDATION_FAILED, `Policy draft ${id} was activated meanwhile; make a new draft from its version`, undefined, [
    { field: 'id', rule: 'is_draft', message: `${id} is no longer a draft` },
  ]);
}

function summary(r: PolicyVersionEntity, all: readonly PolicyVersionEntity[], now: Date): PolicyVersionSummary {
  const schedule = all.filter((x) => x.chainId === r.chainId).map((x) => ({ version: x.version, activeFrom: x.activeFrom! }));
  const inForce = inForceAt(schedule, now);
  const status = inForce?.version === r.version ? 'in_force' : r.activeFrom!.getTime() > now.getTime() ? 'scheduled' : 'superseded';
  return {
    version: r.version!,
    chainId: r.chainId,
    status,
    source: r.source,
    fromVersion: r.fromVersion,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    activatedBy: r.activatedBy,
    activatedAt: r.activatedAt!.toISOString(),
    activeFrom: r.activeFrom!.toISOString(),
    description: r.policy.description,
  };
}

function draftView(r: PolicyVersionEntity): PolicyDraftView {
  return {
    id: r.id,
    chainId: r.chainId,
    fromVersion: r.fromVersion,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    policy: r.policy as unknown as Record<string, unknown>,
  };
}
