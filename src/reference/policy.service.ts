// The approval policy in force, and every earlier version still referenced by running contracts.
// Ops may switch on approval-on-timeout for low-risk steps (AUTO_APPROVE_ON_TIMEOUT_STEPS); that
// variant carries its own version, rebuilt from the version string when a contract names it.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { parsePolicyVersion, withAutoApproveOnTimeout } from '../domain/chain/policy';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY, withOrgTimeZone } from '../domain/chain/slim.policy';

@Injectable()
export class PolicyService {
  private readonly versions = new Map<string, ChainPolicy>();
  private readonly base: ChainPolicy;
  private readonly currentVersion: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Like the contract target, the organisation's zone is configuration, not a policy version:
    // a running contract keeps the zone in the policy of its workflow input.
    this.base = withOrgTimeZone({ ...SLIM_POLICY, contractTargetHours: config.CONTRACT_TARGET_HOURS }, config.ORG_TIME_ZONE);
    const current = withAutoApproveOnTimeout(this.base, config.AUTO_APPROVE_ON_TIMEOUT_STEPS);
    this.versions.set(this.base.version, this.base);
    this.versions.set(current.version, current);
    this.currentVersion = current.version;
  }

  current(): ChainPolicy {
    return this.versions.get(this.currentVersion)!;
  }

  byVersion(version: string): ChainPolicy {
    const known = this.versions.get(version);
    if (known) return known;
    // A contract started while ops had other steps on approval-on-timeout: the version says which.
    const { base, autoApproveOnTimeout } = parsePolicyVersion(version);
    if (base !== this.base.version || !autoApproveOnTimeout.length) throw new Error(`Policy version ${version} is not known to this build`);
    const policy = withAutoApproveOnTimeout(this.base, autoApproveOnTimeout);
    if (policy.version !== version) throw new Error(`Policy version ${version} is not known to this build`);
    this.versions.set(version, policy);
    return policy;
  }
}
