// What a contract is, as the domain sees it: the rep's submission, the reference data the
// rules read, and the figures derived from both. Plain data only, so the workflow, the API and
// the simulator share one definition.

export interface ContractLine {
  sku: string;
  quantity: number;
  unitPrice: number;
  taxRatePercent: number;
}

export interface ContractClause {
  key: string;
  text: string;
}

export interface CustomerRef {
  name: string;
  registrationNumber: string;
  country: string; // ISO 3166-1 alpha-2
}

/** The fields a rep submits and revises (the body of POST /api/contracts). */
export interface ContractSubmission {
  title: string;
  customer: CustomerRef;
  currency: string; // ISO 4217
  amount: number;
  paymentTermsDays: number;
  requestedDeliveryDate: string; // YYYY-MM-DD
  personalData: boolean;
  lines: ContractLine[];
  clauses: ContractClause[];
  /** Users the rep copies (抄送) on the decisions people make on the contract (src/domain/chain/cc.ts); absent when none. */
  cc?: string[];
}

export interface Product {
  sku: string;
  name: string;
  listPrice: number;
  floorPrice: number;
  taxRatePercent: number;
  leadTimeDays: number;
}

/** A customer as the registry knows it after `customer_capture`. */
export interface CustomerRecord {
  id: string;
  name: string;
  registrationNumber: string;
  country: string;
  creditLimit: number;
  outstandingBalance: number;
  /** Days the oldest unpaid invoice is past due; 0 when nothing is overdue. */
  maxOverdueDays: number;
  deniedParty: boolean;
  /** True when this contract created the record (unknown customers start with credit limit 0). */
  created: boolean;
  /**
   * Denied-party list entries whose name or alias has the same normalised key as the customer's
   * name (as submitted, or as registered). Absent in results recorded before name screening
   * existed, which are screened as they were then: by the registry flag alone.
   */
  deniedPartyMatches?: DeniedPartyMatch[];
  /**
   * Set when this contract's registration number was new to the registry but its name resembles
   * an existing customer's (name or alias, src/domain/customer/name-match.ts), scoring at least
   * the registry's report floor: credit_check decides with its duplicateNameThreshold whether a
   * credit controller must look. Absent when no such customer exists, and in results recorded
   * before capture compared names (issue 15).
   */
  probableDuplicate?: ProbableDuplicate;
  /**
   * Denied-party entries whose name or alias resembles one of the customer's names (as submitted,
   * as registered, the registry's aliases), with their scores (exact key matches score 1), at or
   * above the report floor. compliance_screening applies its nameMatchThreshold to them; a policy
   * without that param reads only deniedPartyMatches, as before. Absent in older results.
   */
  deniedPartyNameMatches?: DeniedPartyNameMatch[];
}

/** An existing customer a new registration number's name resembles (customer capture, issue 15). */
export interface ProbableDuplicate {
  customerId: string;
  name: string;
  registrationNumber: string;
  /** The existing customer's name or alias that matched. */
  matchedName: string;
  /** The submitted name that matched it. */
  customerName: string;
  /** 0-1, three decimals (src/domain/customer/name-match.ts). */
  score: number;
}

/** One fuzzy hit of name screening: a denied-party entry and how alike the names are. */
export interface DeniedPartyNameMatch {
  /** denied_parties.id */
  entryId: string;
  listedName: string;
  matchedName: string;
  matchedOn: 'name' | 'alias';
  customerName: string;
  /** 0-1, three decimals; 1 when the normalised keys are equal. */
  score: number;
  source: string;
}

/** One hit of name screening, as customer capture found it (src/domain/rules/party-name.ts). */
export interface DeniedPartyMatch {
  /** denied_parties.id */
  entryId: string;
  /** The entry's primary name. */
  listedName: string;
  /** The entry's name or alias that matched. */
  matchedName: string;
  matchedOn: 'name' | 'alias';
  /** The customer's name that matched: as submitted, or as in the registry. */
  customerName: string;
  /** The key both normalise to. */
  key: string;
  /** Which list the entry comes from (e.g. customer_registry, or the name of a sanctions list). */
  source: string;
}

export interface StandardClause {
  key: string;
  title: string;
  standardText: string;
  /**
   * The same standard text in Chinese (clauses-2026.2 on); a clause written in Chinese is compared
   * with it when clauses are compared by meaning (clause-meaning.ts).
   */
  standardTextZh?: string;
  mandatory: boolean;
}

export interface ForbiddenTerm {
  id: string;
  /** Lower-case phrases; a clause containing any of them (case-insensitive) carries the term. */
  phrases: string[];
  description: string;
}

export interface ClauseLibrary {
  version: string;
  clauses: StandardClause[];
  approvedGoverningLaws: string[];
  forbiddenTerms: ForbiddenTerm[];
  /**
   * Per language, groups of words or phrases the library's texts use interchangeably (e.g.
   * shall / will): replacing one by another of its group is a cosmetic change (clauses-2026.2 on).
   */
  synonyms?: Partial<Record<ClauseLanguage, string[][]>>;
}

/** The language a clause is written in, as far as comparing it with a standard text goes. */
export type ClauseLanguage = 'en' | 'zh';

/**
 * One changed run of words between a standard text and a contract's clause (jsdiff), with where it
 * is for highlighting: `start`/`end` index the deviation's standardText (removed) or actualText (added).
 */
export interface ClauseChange {
  kind: 'removed' | 'added';
  text: string;
  start: number;
  end: number;
  /** False for punctuation, numbering, case, full-width forms, quotes, articles and the library's synonyms. */
  material: boolean;
  /** What the change touches, e.g. 'negation', 'number', 'synonym', 'punctuation'. */
  why: string;
}

export type ClauseDeviationKind =
  | 'mandatory_missing'
  | 'text_changed'
  | 'forbidden_term'
  | 'governing_law_not_approved'
  | 'unknown_clause';

export interface ClauseDeviation {
  clauseKey: string;
  kind: ClauseDeviationKind;
  /** One line a person can read, e.g. "Liability clause contains 'unlimited liability'". */
  detail: string;
  standardText?: string;
  actualText?: string;
  /**
   * Only when the policy compares clauses by meaning (clauseComparison: 'meaning'): whether the
   * deviation matters (false: a text_changed whose changes are all cosmetic), the clause's
   * language and the changed words. Absent in deviations recorded by exact comparison.
   */
  material?: boolean;
  language?: ClauseLanguage;
  changes?: ClauseChange[];
}

/** Figures derived from the lines and the catalogue; never stated by the rep. */
export interface DerivedFigures {
  listTotal: number;
  netTotal: number;
  /** 1 − net/list, as a percentage with two decimals (e.g. 12.5 for 12.5%). 0 when listTotal is 0. */
  discountPercent: number;
  /** Longest lead time among the contract's products, in days. */
  maxLeadTimeDays: number;
}

/** A revision the rep made: what the workflow hands the activity that stores it. */
export interface NewRevision {
  contractId: string;
  revision: number;
  submission: ContractSubmission;
  changedFields: string[];
  userId: string;
  comment?: string;
}
