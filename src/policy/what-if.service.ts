// POST /api/policy/what-if (issue 16 item 2): what a draft or a stored version would have decided
// for the contracts submitted in a window, against what the workflow decided (ops, policy admins).
// The asked policy is taken as the workflow would run it (the organisation's time zone put in, as
// PolicyService does for every version); the comparison itself is what-if-history.ts.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { type AuthUser, isOps } from '../directory/auth';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { withOrgTimeZone } from '../domain/chain/slim.policy';
import { DomainErrorCode } from '../domain/errors';
import { PolicyService } from '../reference/policy.service';
import { WHAT_IF_MAX_CHANGES, type WhatIfBody, type WhatIfView } from './policy.dto';
import { PolicyRepository } from './policy.repository';
import { whatIfOverHistory } from './what-if-history';
import { checkWhatIfWindow } from './what-if-window';


@Injectable()
export class WhatIfService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PolicyRepository,
    private readonly policies: PolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async whatIf(user: AuthUser, body: WhatIfBody): Promise<WhatIfView> {
    if (!isOps(user) && !user.roles.includes('policy_admin')) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops and policy admins ask what-if questions');
    const window = checkWhatIfWindow(body);
    const asked = await this.askedPolicy(body);
    const started = performance.now();
    const summary = await whatIfOverHistory(this.db, asked, window, (v) => this.ranUnder(v), WHAT_IF_MAX_CHANGES);
    return {
      draftId: body.draftId ?? null,
      version: body.version ?? null,
      chainId: asked.chainId,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      ...summary,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /** The draft's or version's policy, as the workflow would run it. */
  private async askedPolicy(body: WhatIfBody): Promise<ChainPolicy> {
    if (body.draftId !== undefined) {
      const draft = await this.repo.draft(body.draftId);
      if (!draft) throw validationFailed([{ field: 'draftId', rule: 'known_draft', message: `There is no policy draft ${body.draftId}` }]);
      return withOrgTimeZone({ ...draft.policy, contractTargetHours: this.config.CONTRACT_TARGET_HOURS }, this.config.ORG_TIME_ZONE);
    }
    const version = body.version!;
    const stored = await this.repo.version(version);
    if (!stored) throw validationFailed([{ field: 'version', rule: 'known_version', message: `There is no policy version '${version}'` }]);
    return this.ranUnder(version) ?? withOrgTimeZone(stored.policy, this.config.ORG_TIME_ZONE);
  }

  /** The policy a contract ran under, by the version it names; undefined when this build cannot say. */
  private ranUnder(version: string): ChainPolicy | undefined {
    try {
      return this.policies.byVersion(version);
    } catch {
      return undefined;
    }
  }
}
