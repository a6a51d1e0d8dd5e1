// The customer registry customer capture works against (issue 15): find a customer by its
// registration number, find customers whose names resemble a name, record a new customer. Capture
// itself (capture-customer.ts) is written once against this port, so the registry can change
// without touching the bot.
//
// Adapters:
// - DatabaseCustomerRegistry (database-customer-registry.ts): our own customers table, with the
//   aliases column; the only adapter today.
// - A real business-registry adapter goes next to it, e.g. one that asks the National Enterprise
//   Credit Information Publicity System (国家企业信用信息公示系统) or a licensed data provider
//   for a USCC: findByRegistrationNumber returns the legal name in Chinese, the English name and
//   former names as aliases, so capture matches them and screening sees them; it still records
//   credit data (limit, balance, overdue days) in our table, which it would wrap rather than
//   replace. It must be idempotent like this one (create keyed by registration number) and answer
//   within the activity's timeout; a registry that is down is an activity failure, retried.
import type { CustomerRef } from '../../domain/contract/contract.types';

/** A customer as a registry holds it. */
export interface RegisteredCustomer {
  id: string;
  registrationNumber: string;
  name: string;
  /** Other names (Chinese legal name, English name, former names). */
  aliases: string[];
  country: string;
  creditLimit: number;
  outstandingBalance: number;
  maxOverdueDays: number;
  deniedParty: boolean;
  /** The contract whose capture created the record, if any. */
  createdByContractId: string | null;
}

/** A registered customer whose name or alias resembles a name asked for. */
export interface NameCandidate {
  customer: RegisteredCustomer;
  score: number;
  /** The name asked for that matched. */
  name: string;
  /** The customer's name or alias it matched. */
  matchedName: string;
}

export interface NewCustomerRecord {
  id: string;
  customer: CustomerRef;
  createdByContractId: string;
  /** The existing customer this one probably duplicates, kept on the record for the credit controller and a later merge. */
  probableDuplicate?: { customerId: string; score: number };
}

export interface CustomerRegistry {
  /** The customer with this registration number, or null. Numbers are compared as given (intake normalises USCCs). */
  findByRegistrationNumber(registrationNumber: string): Promise<RegisteredCustomer | null>;
  /**
   * Customers any of whose names (name or aliases) resemble any of `names` with a score of at
   * least `minScore` (src/domain/customer/name-match.ts), best first.
   */
  findByName(names: readonly string[], minScore: number): Promise<NameCandidate[]>;
  /**
   * Records a customer the registry does not know (credit limit 0, nothing outstanding, not
   * flagged) and returns the registry's record for that registration number either way:
   * idempotent under retries and concurrent captures of the same customer.
   */
  create(record: NewCustomerRecord): Promise<RegisteredCustomer>;
}
