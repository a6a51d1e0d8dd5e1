// What the API reads for approvers added to running contracts: the person to add (roles, name)
// and the APPROVER_ADDED events that say who added each added step and why.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { UserEntity } from '../directory/user.entity';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { ContractStepEntity } from './contract-step.entity';

export interface AddedApprover {
  stepKey: string;
  addedById: string;
  reason: string;
  stepAfter: string;
  addedAt: Date;
}

@Injectable()
export class AdHocApproversRepository {
  constructor(private readonly db: DataSource) {}

  person(id: string): Promise<Pick<UserEntity, 'id' | 'displayName' | 'roles'> | null> {
    return this.db.getRepository(UserEntity).findOne({ select: { id: true, displayName: true, roles: true }, where: { id } });
  }

  async stepKeys(contractId: string): Promise<string[]> {
    const rows = await this.db.getRepository(ContractStepEntity).find({ select: { key: true }, where: { contractId } });
    return rows.map((r) => r.key);
  }

  /** Who added each added step and why (the latest event per step). */
  async added(contractId: string): Promise<Map<string, AddedApprover>> {
    const rows = await this.db.getRepository(AuditEventEntity).find({
      select: { stepKey: true, actorId: true, data: true, occurredAt: true },
      where: { contractId, type: AUDIT_EVENT_TYPES.APPROVER_ADDED },
      order: { id: 'ASC' },
    });
    return new Map(
      rows.map((r) => [
        r.stepKey!,
        { stepKey: r.stepKey!, addedById: r.actorId ?? '', reason: String(r.data.reason ?? ''), stepAfter: String(r.data.stepAfter ?? ''), addedAt: r.occurredAt },
      ]),
    );
  }
}
