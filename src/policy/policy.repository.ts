// policy_versions: drafts and versions. Activation turns a draft into a version and appends its
// POLICY_ACTIVATED audit event in one transaction (the audit insert last, see audit.repository.ts).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertAuditEvents } from '../audit/audit.repository';
import type { AuditEventInput } from '../domain/audit/audit-event-types';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { PolicyVersionEntity } from './policy-version.entity';

@Injectable()
export class PolicyRepository {
  constructor(private readonly db: DataSource) {}

  private get rows() {
    return this.db.getRepository(PolicyVersionEntity);
  }

  versions(): Promise<PolicyVersionEntity[]> {
    return this.rows.find({ where: { status: 'version' }, order: { activeFrom: 'ASC', activatedAt: 'ASC', version: 'ASC' } });
  }

  version(version: string): Promise<PolicyVersionEntity | null> {
    return this.rows.findOne({ where: { version, status: 'version' } });
  }

  /** Every open draft, the most recently changed first. */
  drafts(): Promise<PolicyVersionEntity[]> {
    return this.rows.find({ where: { status: 'draft' }, order: { updatedAt: 'DESC', id: 'ASC' } });
  }

  draft(id: string): Promise<PolicyVersionEntity | null> {
    return this.rows.findOne({ where: { id, status: 'draft' } });
  }

  async insertDraft(row: Pick<PolicyVersionEntity, 'id' | 'chainId' | 'policy' | 'fromVersion' | 'createdBy' | 'createdAt'>): Promise<void> {
    await this.rows.insert({ ...row, version: null, status: 'draft', source: 'api', updatedAt: row.createdAt });
  }

  /** Stores the draft's new policy; false when the row is no longer a draft (activated meanwhile). */
  async updateDraft(id: string, policy: ChainPolicy, at: Date): Promise<boolean> {
    const result = await this.rows.update({ id, status: 'draft' }, { policy, updatedAt: at });
    return (result.affected ?? 0) === 1;
  }

  /** The next free version id of a chain made through the API, e.g. slim-p3. */
  async nextVersionId(chainId: string): Promise<string> {
    const [{ n }] = await this.db.query(`SELECT nextval('policy_version_seq')::int AS n`);
    return `${chainId}-p${n}`;
  }

  /** Turns the draft into a version and writes the audit event; false when it is no longer a draft. */
  async activate(
    id: string,
    v: { version: string; policy: ChainPolicy; activatedBy: string; activatedAt: Date; activeFrom: Date },
    audit: AuditEventInput,
  ): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const result = await m.getRepository(PolicyVersionEntity).update(
        { id, status: 'draft' },
        { status: 'version', version: v.version, policy: v.policy, activatedBy: v.activatedBy, activatedAt: v.activatedAt, activeFrom: v.activeFrom, updatedAt: v.activatedAt },
      );
      if ((result.affected ?? 0) !== 1) return false;
      await insertAuditEvents(m, [audit]);
      return true;
    });
  }
}
