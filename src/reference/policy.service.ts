// The approval policy in force, and every earlier version still referenced by running contracts.
// Ops may switch on approval-on-timeout for low-risk steps (AUTO_APPROVE_ON_TIMEOUT_STEPS); that
// variant carries its own version, rebuilt from the version string when a contract names it.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { parsePolicyVersion, withAutoApproveOnTimeout } from '../domain/chain/policy';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY_VERSIONS, withOrgTimeZone } from '../domain/chain/slim.policy';

@Injectable()
export class PolicyService {
  private readonly versions = new Map<string, ChainPolicy>();
  /** Each slim version this build runs, by version, as configured (zone, contract target). */
  private readonly bases = new Map<string, ChainPolicy>();
  private readonly currentVersion: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Like the contract target, the organisation's zone is configuration, not a policy version:
    // a running contract keeps the zone in the policy of its workflow input.
    for (const shipped of SLIM_POLICY_VERSIONS) {
      const base = withOrgTimeZone({ ...shipped, contractTargetHours: config.CONTRACT_TARGET_HOURS }, config.ORG_TIME_ZONE);
      this.bases.set(base.version, base);
      this.versions.set(base.version, base);
    }
    // The first is the version in force; older ones answer only for contracts that name them.
    const current = withAutoApproveOnTimeout(this.bases.get(SLIM_POLICY_VERSIONS[0].version)!, config.AUTO_APPROVE_ON_TIMEOUT_STEPS);
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
    const { base: baseVersion, autoApproveOnTimeout } = parsePolicyVersion(version);
    const base = this.bases.get(baseVersion);
    if (!base || !autoApproveOnTimeout.length) throw new Error(`Policy version ${version} is not known to this build`);
    const policy = withAutoApproveOnTimeout(base, autoApproveOnTimeout);
    if (policy.version !== version) throw new Error(`Policy version ${version} is not known to this build`);
    this.versions.set(version, policy);
    return policy;
  }
}
