// The reference data the approval activities read, on the reference entities: the catalogue
// entries of a contract's SKUs, the clause library, and the registry's customer (recorded once
// when unknown) with the denied-party names it matches. Kept here until src/reference offers the
// same look-ups as a repository; then the activities can take that one instead.
import { DataSource, In } from 'typeorm';
import type { ClauseLibrary, CustomerRecord, DeniedPartyMatch, Product } from '../domain/contract/contract.types';
import { CustomerEntity } from '../reference/customer.entity';
import { findDeniedPartyMatches } from '../reference/denied-parties.repository';
import { ProductEntity } from '../reference/product.entity';
import { ReferenceDocumentEntity } from '../reference/reference-document.entity';

/** A customer the registry does not know yet, recorded by the contract that named it. */
export interface NewCustomer {
  id: string;
  registrationNumber: string;
  name: string;
  country: string;
  createdByContractId: string;
}

export class ContractReferenceRepository {
  constructor(private readonly db: DataSource) {}

  /** The catalogue entries of these SKUs, keyed by SKU; unknown SKUs are absent. */
  async productsBySku(skus: readonly string[]): Promise<Record<string, Product>> {
    const unique = [...new Set(skus)];
    const rows = unique.length ? await this.db.getRepository(ProductEntity).findBy({ sku: In(unique) }) : [];
    return Object.fromEntries(
      rows.map((p) => [p.sku, { sku: p.sku, name: p.name, listPrice: p.listPrice, floorPrice: p.floorPrice, taxRatePercent: p.taxRatePercent, leadTimeDays: p.leadTimeDays }]),
    );
  }

  /** The standard clause library, or null when reference data was never seeded. */
  async clauseLibrary(): Promise<ClauseLibrary | null> {
    const doc = await this.db.getRepository(ReferenceDocumentEntity).findOneBy({ key: 'clause_library' });
    return doc ? (doc.body as ClauseLibrary) : null;
  }

  /**
   * The registry's customer for this registration number, recorded first (credit limit 0, which
   * sends credit_check to a human) when unknown: idempotent under retries and concurrent captures.
   */
  async ensureCustomer(c: NewCustomer): Promise<Omit<CustomerRecord, 'created'> & { createdByContractId: string | null }> {
    const customers = this.db.getRepository(CustomerEntity);
    await customers
      .createQueryBuilder()
      .insert()
      .values({ ...c, creditLimit: 0, outstandingBalance: 0, maxOverdueDays: 0, deniedParty: false })
      .orIgnore()
      .execute();
    const r = await customers.findOneByOrFail({ registrationNumber: c.registrationNumber });
    return {
      id: r.id,
      name: r.name,
      registrationNumber: r.registrationNumber,
      country: r.country,
      creditLimit: r.creditLimit,
      outstandingBalance: r.outstandingBalance,
      maxOverdueDays: r.maxOverdueDays,
      deniedParty: r.deniedParty,
      createdByContractId: r.createdByContractId,
    };
  }

  /** Denied-party entries any of these names matches, each hit explained. */
  deniedPartyMatches(names: readonly string[]): Promise<DeniedPartyMatch[]> {
    return findDeniedPartyMatches(this.db, names);
  }
}
