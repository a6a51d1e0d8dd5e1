// What the approval workflow's activities write about a contract besides its step progress
// (contract-progress.repository.ts): a revision, the registry customer it names, the step's SLA
// shown from the moment its task exists, its incidents, its generated document and its sales
// order. Every write is idempotent (keyed by contract and revision, or guarded by a unique key),
// so a retried activity leaves the same rows. Methods that take an EntityManager join the
// caller's transaction; the others run on their own.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Incident, StepSla } from '../domain/chain/engine.types';
import type { ContractSubmission, NewRevision } from '../domain/contract/contract.types';
import { ContractDocumentEntity } from './contract-document.entity';
import { ContractRevisionEntity } from './contract-revision.entity';
import { ContractStepEntity } from './contract-step.entity';
import { ContractEntity } from './contract.entity';
import { OrderEntity } from './order.entity';
import { UserEntity } from '../directory/user.entity';


/** What the contract document shows, read in one place. */
export interface DocumentSource {
  title: string;
  submission: ContractSubmission;
  submitterName: string;
  policyVersion: string;
  steps: { number: number; name: string; status: string; reason: string }[];
}

export interface StoredDocument {
  sha256: string;
  bytes: number;
}

@Injectable()
export class ContractRecordsRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores the revision (once) and makes it the contract's current data. */
  async recordRevision(m: EntityManager, r: NewRevision): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(ContractRevisionEntity)
      .values({ contractId: r.contractId, revision: r.revision, data: r.submission, changedFields: r.changedFields, createdBy: r.userId, comment: r.comment ?? null })
      .orIgnore()
      .execute();
    const s = r.submission;
    await m.getRepository(ContractEntity).update(
      { id: r.contractId },
      {
        title: s.title,
        data: s,
        currency: s.currency,
        amount: s.amount,
        customerName: s.customer.name,
        customerRegistrationNumber: s.customer.registrationNumber,
        customerCountry: s.customer.country,
      },
    );
  }

  async setCustomer(contractId: string, customerId: string): Promise<void> {
    await this.db.getRepository(ContractEntity).update({ id: contractId }, { customerId });
  }

  async setStepSla(m: EntityManager, contractId: string, stepKey: string, sla: StepSla): Promise<void> {
    await m.getRepository(ContractStepEntity).update({ contractId, key: stepKey }, { sla });
  }

  /** The contract's open incidents (none: null, so it no longer needs attention). */
  /**
   * Stores the contract's open incidents as the workflow reported them. Reports are activities
   * that may run side by side (a retry's INCIDENT_RETRIED report and the retried write's
   * INCIDENT_RESOLVED report leave the workflow in the same task), so the row is locked and an
   * incident whose INCIDENT_RESOLVED event is already stored is left out: a report that commits
   * last never shows a resolved incident as open again.
   */
  async setIncidents(m: EntityManager, contractId: string, incidents: Incident[]): Promise<void> {
    await m.query(`SELECT 1 FROM contracts WHERE id = $1 FOR UPDATE`, [contractId]);
    let open = incidents;
    if (open.length) {
      const rows: { id: string }[] = await m.query(
        `SELECT data->>'incidentId' AS id FROM audit_events WHERE contract_id = $1 AND type = 'INCIDENT_RESOLVED'`,
        [contractId],
      );
      const resolved = new Set(rows.map((r) => r.id));
      open = open.filter((i) => !resolved.has(i.id));
    }
    await m.getRepository(ContractEntity).update({ id: contractId }, { incidents: open.length ? open : null });
  }

  // --- the contract document ---

  async storedDocument(contractId: string, revision: number): Promise<StoredDocument | null> {
    const [row]: { sha256: string; bytes: number }[] = await this.db.query(
      `SELECT sha256, length(body) AS bytes FROM contract_documents WHERE contract_id = $1 AND revision = $2`,
      [contractId, revision],
    );
    return row ? { sha256: row.sha256, bytes: Number(row.bytes) } : null;
  }

  async documentSource(contractId: string): Promise<DocumentSource> {
    const contract = await this.db.getRepository(ContractEntity).findOneByOrFail({ id: contractId });
    const [submitter, steps] = await Promise.all([
      this.db.getRepository(UserEntity).findOne({ select: { displayName: true }, where: { id: contract.submitterId } }),
      this.db.getRepository(ContractStepEntity).find({ select: { number: true, name: true, status: true, reason: true }, where: { contractId }, order: { number: 'ASC' } }),
    ]);
    return {
      title: contract.title,
      submission: contract.data,
      submitterName: submitter?.displayName ?? contract.submitterId,
      policyVersion: contract.policyVersion,
      steps: steps.map((s) => ({ number: s.number, name: s.name, status: s.status, reason: s.reason ?? '' })),
    };
  }

  /** Stores the document of a revision unless one is stored already (the first one stays). */
  async storeDocument(d: { contractId: string; revision: number; html: string; sha256: string }): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(ContractDocumentEntity)
      .values({ contractId: d.contractId, revision: d.revision, contentType: 'text/html; charset=utf-8', body: d.html, sha256: d.sha256 })
      .orIgnore()
      .execute();
  }

  // --- the sales order ---

  /** The contract's order, or null. */
  async orderOf(m: EntityManager, contractId: string): Promise<Pick<OrderEntity, 'id' | 'orderNumber'> | null> {
    return m.getRepository(OrderEntity).findOne({ select: { id: true, orderNumber: true }, where: { contractId } });
  }

  /** Creates the contract's order with the next order number (SO-<n>), from its current lines and amount. */
  async insertOrder(m: EntityManager, contractId: string, orderId: string): Promise<{ orderId: string; orderNumber: string }> {
    const c = await m.getRepository(ContractEntity).findOneOrFail({ select: { id: true, data: true, currency: true, amount: true, customerId: true }, where: { id: contractId } });
    const [{ n }]: { n: string }[] = await m.query(`SELECT nextval('order_number_seq') AS n`);
    const orderNumber = `SO-${n}`;
    await m.getRepository(OrderEntity).insert({
      id: orderId,
      contractId,
      orderNumber,
      status: 'created',
      currency: c.currency,
      amount: c.amount,
      lines: c.data.lines,
      customerId: c.customerId,
    });
    return { orderId, orderNumber };
  }
}
