// The CustomerRegistry port on our own customers table (src/reference). Name search scores every
// customer's name and aliases in the worker (src/domain/customer/name-match.ts): the registry is
// hundreds of rows, a scan of a few thousand names takes milliseconds; a registry of hundreds of
// thousands would want a trigram index (pg_trgm) to pick candidates first.
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { bestNameMatch, comparableName } from '../../domain/customer/name-match';
import { CustomerEntity } from '../../reference/customer.entity';
import type { CustomerRegistry, NameCandidate, NewCustomerRecord, RegisteredCustomer } from './customer-registry.port';

export class DatabaseCustomerRegistry implements CustomerRegistry {
  private readonly customers: Repository<CustomerEntity>;

  constructor(db: DataSource | EntityManager) {
    this.customers = db.getRepository(CustomerEntity);
  }

  async findByRegistrationNumber(registrationNumber: string): Promise<RegisteredCustomer | null> {
    const row = await this.customers.findOneBy({ registrationNumber });
    return row ? toRegistered(row) : null;
  }

  async findByName(names: readonly string[], minScore: number): Promise<NameCandidate[]> {
    const asked = names.map(comparableName).filter((n) => n.key);
    if (!asked.length) return [];
    const rows = await this.customers.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const out: NameCandidate[] = [];
    for (const row of rows) {
      const best = bestNameMatch(asked, [row.name, ...(row.aliases ?? [])]);
      if (best && best.score >= minScore) out.push({ customer: toRegistered(row), score: best.score, name: best.name, matchedName: best.matchedName });
    }
    // Best first; among equal scores the older record (the one others duplicate).
    return out.sort((a, b) => b.score - a.score);
  }

  async create(r: NewCustomerRecord): Promise<RegisteredCustomer> {
    await this.customers
      .createQueryBuilder()
      .insert()
      .values({
        id: r.id,
        registrationNumber: r.customer.registrationNumber,
        name: r.customer.name,
        country: r.customer.country,
        creditLimit: 0,
        outstandingBalance: 0,
        maxOverdueDays: 0,
        deniedParty: false,
        createdByContractId: r.createdByContractId,
        probableDuplicateOf: r.probableDuplicate?.customerId ?? null,
        probableDuplicateScore: r.probableDuplicate?.score ?? null,
      })
      .orIgnore()
      .execute();
    return (await this.findByRegistrationNumber(r.customer.registrationNumber))!;
  }
}

function toRegistered(r: CustomerEntity): RegisteredCustomer {
  return {
    id: r.id,
    registrationNumber: r.registrationNumber,
    name: r.name,
    aliases: r.aliases ?? [],
    country: r.country,
    creditLimit: r.creditLimit,
    outstandingBalance: r.outstandingBalance,
    maxOverdueDays: r.maxOverdueDays,
    deniedParty: r.deniedParty,
    createdByContractId: r.createdByContractId,
  };
}
