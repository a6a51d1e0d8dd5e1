// The approval policy in force, and every earlier version still referenced by running contracts.
// Ops may switch on approval-on-timeout for low-risk steps (AUTO_APPROVE_ON_TIMEOUT_STEPS); that
// variant carries its own version, rebuilt from the version string when a contract names it.
// Versions live in the database (policy_versions, edited through /api/policy): with a DataSource the
// service loads their schedule at start, after each activation, and at most every
// SCHEDULE_REFRESH_MS when asked for the current one, and new contracts take the version whose
// active-from has come (by the injected Clock). Without one (the worker's reconciler, unit tests),
// or while the table is empty, it runs the versions shipped in code.
import { Inject, Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { inForceAt, loadPolicySchedule, type ScheduledPolicy } from '../policy/policy-store';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { parsePolicyVersion, withAutoApproveOnTimeout } from '../domain/chain/policy';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY_VERSIONS, withOrgTimeZone } from '../domain/chain/slim.policy';

/** How stale another API instance's activation may be before this one sees it. */
const SCHEDULE_REFRESH_MS = 10_000;

@Injectable()
export class PolicyService implements OnModuleInit {
  private readonly versions = new Map<string, ChainPolicy>();
  /** Each slim version this build runs, by version, as configured (zone, contract target). */
  private readonly bases = new Map<string, ChainPolicy>();
  private readonly currentVersion: string;
  /** The stored versions in the order they take force; empty: the code's current version is in force. */
  private schedule: ScheduledPolicy[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly db?: DataSource,
    @Optional() private readonly clock?: Clock,
  ) {
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

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  /** Reloads the stored versions (after an activation, or when the schedule is older than SCHEDULE_REFRESH_MS). */
  async refresh(): Promise<void> {
    if (!this.db) return;
    const schedule = await loadPolicySchedule(this.db);
    for (const entry of schedule) {
      if (this.bases.has(entry.version)) continue;
      const base = withOrgTimeZone({ ...entry.policy, contractTargetHours: this.config.CONTRACT_TARGET_HOURS }, this.config.ORG_TIME_ZONE);
      this.bases.set(base.version, base);
      this.versions.set(base.version, base);
    }
    this.schedule = schedule;
    this.loadedAt = Date.now();
  }

  /** The policy a contract submitted now starts under: the stored version in force, with ops' approval-on-timeout steps. */
  current(): ChainPolicy {
    if (this.db && !this.loading && Date.now() - this.loadedAt > SCHEDULE_REFRESH_MS) {
      this.loading = this.refresh()
        .catch(() => undefined) // the schedule already loaded stays in use; the next call tries again
        .finally(() => (this.loading = null));
    }
    const entry = inForceAt(this.schedule, this.clock?.now() ?? new Date());
    if (!entry || !this.bases.has(entry.version)) return this.versions.get(this.currentVersion)!;
    const variant = withAutoApproveOnTimeout(this.bases.get(entry.version)!, this.config.AUTO_APPROVE_ON_TIMEOUT_STEPS);
    if (!this.versions.has(variant.version)) this.versions.set(variant.version, variant);
    return this.versions.get(variant.version)!;
  }

  byVersion(version: string): ChainPolicy {
    const known = this.versions.get(version);
    if (known) return known;
    // A contract started while ops had other steps on approval-on-timeout: the version says which.
    const { base: baseVersion, autoApproveOnTimeout } = parsePolicyVersion(version);
    const base = this.bases.get(baseVersion);
    if (!base && this.db) {
      // Activated through another instance since the last load: reload, so the caller's retry
      // (the reconciler's next round) finds it.
      this.loadedAt = 0;
      this.current();
      throw new Error(`Policy version ${version} is not loaded yet; retry`);
    }
    if (!base || !autoApproveOnTimeout.length) throw new Error(`Policy version ${version} is not known to this build`);
    const policy = withAutoApproveOnTimeout(base, autoApproveOnTimeout);
    if (policy.version !== version) throw new Error(`Policy version ${version} is not known to this build`);
    this.versions.set(version, policy);
    return policy;
  }
}
