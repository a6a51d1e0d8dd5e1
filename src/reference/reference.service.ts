// What the reference endpoints answer: the catalogue, the registry (credit figures and screening
// flags only for the roles the domain's customer-risk rule names) and the clause library.
import { Injectable } from '@nestjs/common';
import type { ClauseLibrary } from '../domain/contract/contract.types';
import { seesCustomerRisk } from '../domain/routing/customer-risk';
import type { AuthUser } from '../directory/auth';
import type { CustomerView, ProductView } from './reference.dto';
import { ReferenceRepository } from './reference.repository';

@Injectable()
export class ReferenceService {
  constructor(private readonly reference: ReferenceRepository) {}

  products(): Promise<ProductView[]> {
    return this.reference.allProducts();
  }

  async customers(user: AuthUser): Promise<CustomerView[]> {
    const risk = seesCustomerRisk(user.roles);
    return (await this.reference.allCustomers()).map((c) => ({
      id: c.id,
      name: c.name,
      registrationNumber: c.registrationNumber,
      country: c.country,
      ...(risk ? { creditLimit: c.creditLimit, outstandingBalance: c.outstandingBalance, maxOverdueDays: c.maxOverdueDays, deniedParty: c.deniedParty } : {}),
    }));
  }

  clauseLibrary(): Promise<ClauseLibrary | null> {
    return this.reference.clauseLibrary();
  }
}
