// Capture's decisions against an in-memory registry (the port's edge): the database adapter is
// exercised end to end in test/rpa/customer/customer-capture.int-spec.ts.
import { bestNameMatch } from '../../domain/customer/name-match';
import { captureCustomer } from './capture-customer';
import type { CustomerRegistry, NameCandidate, NewCustomerRecord, RegisteredCustomer } from './customer-registry.port';

class MemoryRegistry implements CustomerRegistry {
  readonly created: NewCustomerRecord[] = [];
  constructor(readonly rows: RegisteredCustomer[]) {}
  async findByRegistrationNumber(n: string) {
    return this.rows.find((r) => r.registrationNumber === n) ?? null;
  }
  async findByName(names: readonly string[], minScore: number): Promise<NameCandidate[]> {
    return this.rows
      .map((customer) => ({ customer, best: bestNameMatch(names, [customer.name, ...customer.aliases])! }))
      .filter((c) => c.best.score >= minScore)
      .map((c) => ({ customer: c.customer, score: c.best.score, name: c.best.name, matchedName: c.best.matchedName }))
      .sort((a, b) => b.score - a.score);
  }
  async create(r: NewCustomerRecord) {
    this.created.push(r);
    const row: RegisteredCustomer = { id: r.id, registrationNumber: r.customer.registrationNumber, name: r.customer.name, aliases: [], country: r.customer.country, creditLimit: 0, outstandingBalance: 0, maxOverdueDays: 0, deniedParty: false, createdByContractId: r.createdByContractId };
    this.rows.push(row);
    return row;
  }
}

const harbour: RegisteredCustomer = {
  id: 'cus-harbour',
  registrationNumber: '91310000MA1FL0007C',
  name: 'Shanghai Harbour Logistics Co., Ltd.',
  aliases: ['上海港湾物流有限公司'],
  country: 'CN',
  creditLimit: 3_000_000,
  outstandingBalance: 200_000,
  maxOverdueDays: 0,
  deniedParty: false,
  createdByContractId: null,
};
const NEW_CODE = '91310000MA1FL00157';

describe('captureCustomer', () => {
  it('returns the known customer for its registration number, with its aliases and no flag, creating nothing', async () => {
    const registry = new MemoryRegistry([{ ...harbour }]);
    const out = await captureCustomer(registry, { contractId: 'c1', customer: { name: 'Whatever Name', registrationNumber: harbour.registrationNumber, country: 'CN' }, newCustomerId: 'x' });
    expect(out).toEqual({ record: expect.objectContaining({ id: 'cus-harbour', created: false, creditLimit: 3_000_000 }), aliases: ['上海港湾物流有限公司'] });
    expect(out.record.probableDuplicate).toBeUndefined();
    expect(registry.created).toEqual([]);
  });

  it('creates a new number once, flagged with the customer its name resembles, and flags it again on a retry', async () => {
    const registry = new MemoryRegistry([{ ...harbour }]);
    const req = { contractId: 'c2', customer: { name: '上海港湾物流股份有限公司', registrationNumber: NEW_CODE, country: 'CN' }, newCustomerId: 'cus-new' };
    const first = await captureCustomer(registry, req);
    const expected = { customerId: 'cus-harbour', name: harbour.name, registrationNumber: harbour.registrationNumber, matchedName: '上海港湾物流有限公司', customerName: '上海港湾物流股份有限公司', score: 1 };
    expect(first.record).toMatchObject({ id: 'cus-new', created: true, creditLimit: 0, probableDuplicate: expected });
    expect(registry.created).toEqual([expect.objectContaining({ id: 'cus-new', probableDuplicate: { customerId: 'cus-harbour', score: 1 } })]);

    const retry = await captureCustomer(registry, req);
    expect(retry).toEqual(first);
    expect(registry.created).toHaveLength(1);
  });

  it('does not flag a new number whose name resembles no one, nor the contract that merely reuses a number another contract created', async () => {
    const registry = new MemoryRegistry([{ ...harbour }]);
    const other = await captureCustomer(registry, { contractId: 'c3', customer: { name: 'Ningbo Ocean Freight Co., Ltd.', registrationNumber: NEW_CODE, country: 'CN' }, newCustomerId: 'cus-ningbo' });
    expect(other.record.probableDuplicate).toBeUndefined();
    // A later contract naming the known customer under that number gets that record, unflagged (the number decides).
    const later = await captureCustomer(registry, { contractId: 'c4', customer: { name: harbour.name, registrationNumber: NEW_CODE, country: 'CN' }, newCustomerId: 'ignored' });
    expect(later.record).toMatchObject({ id: 'cus-ningbo', created: false });
    expect(later.record.probableDuplicate).toBeUndefined();
  });
});
