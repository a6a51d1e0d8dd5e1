// The approval policy in force, and every earlier version still referenced by running contracts.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { SLIM_POLICY } from '../domain/chain/slim.policy';

@Injectable()
export class PolicyService {
  private readonly versions = new Map<string, ChainPolicy>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const current = { ...SLIM_POLICY, contractTargetHours: config.CONTRACT_TARGET_HOURS };
    this.versions.set(current.version, current);
  }

  current(): ChainPolicy {
    return this.versions.get(SLIM_POLICY.version)!;
  }

  byVersion(version: string): ChainPolicy {
    const policy = this.versions.get(version);
    if (!policy) throw new Error(`Policy version ${version} is not known to this build`);
    return policy;
  }
}
