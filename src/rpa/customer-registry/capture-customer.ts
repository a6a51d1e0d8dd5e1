// Customer capture (the customer_registry_lookup bot): the registry's record for the contract's
// customer, found by registration number, or created, and never silently a second record of a
// customer we know under another number: a new number whose name resembles an existing
// customer's (name or alias, scoring at least NAME_MATCH_REPORT_FLOOR) comes back with
// `probableDuplicate`, kept on the new record too; credit_check's duplicateNameThreshold decides
// whether a credit controller looks (the threshold is policy, the floor only what is worth
// reporting). Written against the CustomerRegistry port, so the registry can be swapped.
import type { CustomerRecord, CustomerRef, ProbableDuplicate } from '../../domain/contract/contract.types';
import { NAME_MATCH_REPORT_FLOOR } from '../../domain/customer/name-match';
import type { CustomerRegistry, NameCandidate, RegisteredCustomer } from './customer-registry.port';

export interface CaptureRequest {
  contractId: string;
  customer: CustomerRef;
  /** The id a new record gets (stable per registration number, so retries write one row). */
  newCustomerId: string;
}

export interface CapturedCustomer {
  /** The activity's result: the record, with probableDuplicate when one was found. */
  record: CustomerRecord;
  /** The registry's other names for the customer, which name screening also compares. */
  aliases: string[];
}

export async function captureCustomer(registry: CustomerRegistry, req: CaptureRequest): Promise<CapturedCustomer> {
  const { contractId, customer } = req;
  let row = await registry.findByRegistrationNumber(customer.registrationNumber);
  let duplicate: NameCandidate | undefined;
  // A number we know is that customer. A new number (or one this contract's earlier attempt
  // recorded: a retry must flag the same duplicate) is compared by name with everyone else.
  if (!row || row.createdByContractId === contractId) {
    const candidates = await registry.findByName([customer.name], NAME_MATCH_REPORT_FLOOR);
    duplicate = candidates.find((c) => c.customer.registrationNumber !== customer.registrationNumber);
  }
  if (!row) {
    row = await registry.create({
      id: req.newCustomerId,
      customer,
      createdByContractId: contractId,
      ...(duplicate ? { probableDuplicate: { customerId: duplicate.customer.id, score: duplicate.score } } : {}),
    });
  }
  return {
    record: { ...toRecord(row, contractId), ...(duplicate ? { probableDuplicate: toProbableDuplicate(duplicate) } : {}) },
    aliases: row.aliases,
  };
}

function toRecord(r: RegisteredCustomer, contractId: string): CustomerRecord {
  return {
    id: r.id,
    name: r.name,
    registrationNumber: r.registrationNumber,
    country: r.country,
    creditLimit: r.creditLimit,
    outstandingBalance: r.outstandingBalance,
    maxOverdueDays: r.maxOverdueDays,
    deniedParty: r.deniedParty,
    created: r.createdByContractId === contractId,
  };
}

function toProbableDuplicate(c: NameCandidate): ProbableDuplicate {
  return {
    customerId: c.customer.id,
    name: c.customer.name,
    registrationNumber: c.customer.registrationNumber,
    matchedName: c.matchedName,
    customerName: c.name,
    score: c.score,
  };
}
