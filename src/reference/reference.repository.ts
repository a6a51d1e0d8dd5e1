// Reference data through its entities: the product catalogue, the customer registry, the
// standard clause library (a versioned reference document) and the denied-party list. One class
// for the API (a Nest provider over the DataSource) and for activities (construct it over the
// worker's DataSource or an EntityManager inside a transaction).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import type { ClauseLibrary, DeniedPartyMatch, DeniedPartyNameMatch, Product } from '../domain/contract/contract.types';
import { CustomerEntity } from './customer.entity';
import { findDeniedPartyMatches, findDeniedPartyNameMatches } from './denied-parties.repository';
import { ProductEntity } from './product.entity';
import { ReferenceDocumentEntity } from './reference-document.entity';

/** The key of the standard clause library among the reference documents. */
export const CLAUSE_LIBRARY_KEY = 'clause_library';

@Injectable()
export class ReferenceRepository {
  private readonly products: Repository<ProductEntity>;
  private readonly customers: Repository<CustomerEntity>;
  private readonly documents: Repository<ReferenceDocumentEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.products = db.getRepository(ProductEntity);
    this.customers = db.getRepository(CustomerEntity);
    this.documents = db.getRepository(ReferenceDocumentEntity);
  }

  /** The whole catalogue, by SKU (tens of rows: the catalogue page and the contract form). */
  async allProducts(): Promise<Product[]> {
    return (await this.products.find({ order: { sku: 'ASC' } })).map(toProduct);
  }

  /** The catalogue entries of these SKUs, keyed by SKU; unknown SKUs are simply absent. */
  async productsBySku(skus: readonly string[]): Promise<Record<string, Product>> {
    const unique = [...new Set(skus)];
    const rows = unique.length ? await this.products.findBy({ sku: In(unique) }) : [];
    return Object.fromEntries(rows.map((p) => [p.sku, toProduct(p)]));
  }

  /** The standard clause library in force, or null when reference data was never seeded. */
  async clauseLibrary(): Promise<ClauseLibrary | null> {
    const doc = await this.documents.findOneBy({ key: CLAUSE_LIBRARY_KEY });
    return doc ? (doc.body as ClauseLibrary) : null;
  }

  /** The registry, by name: for the contract form's customer search. */
  allCustomers(): Promise<CustomerEntity[]> {
    return this.customers.find({ order: { name: 'ASC' } });
  }

  customerByRegistrationNumber(registrationNumber: string): Promise<CustomerEntity | null> {
    return this.customers.findOneBy({ registrationNumber });
  }

  /** Denied-party entries any of these names matches, each hit explained (see denied-parties.repository.ts). */
  deniedPartyMatches(customerNames: readonly string[]): Promise<DeniedPartyMatch[]> {
    return findDeniedPartyMatches(this.db, customerNames);
  }

  /** Denied-party entries whose names resemble any of these names, scoring at least minScore, best first (fuzzy; see denied-parties.repository.ts). */
  deniedPartyNameMatches(customerNames: readonly string[], minScore: number): Promise<DeniedPartyNameMatch[]> {
    return findDeniedPartyNameMatches(this.db, customerNames, minScore);
  }
}

function toProduct(p: ProductEntity): Product {
  return { sku: p.sku, name: p.name, listPrice: p.listPrice, floorPrice: p.floorPrice, taxRatePercent: p.taxRatePercent, leadTimeDays: p.leadTimeDays };
}
