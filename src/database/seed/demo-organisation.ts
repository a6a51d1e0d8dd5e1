// The demo organisation: people, their roles and managers (the escalation path), and demo
// customers covering each credit and compliance situation the rules distinguish.
import type { Role } from '../../domain/chain/policy.types';
import { stableUuid } from '../../common/ids';
import type { DeniedPartyEntry } from '../../reference/denied-parties.repository';
import type { Locale } from '../../directory/locale';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  manager: string | null;
  title?: string;
  timeZone?: string;
  /** Omitted: the organisation's default (DEFAULT_LOCALE), like any user who has not chosen. */
  locale?: Locale;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'alice', displayName: 'Alice Chen', roles: ['rep'], manager: 'sam' },
  { username: 'bob', displayName: 'Bob Wang', roles: ['rep'], manager: 'sam' },
  { username: 'sam', displayName: 'Sam Li', roles: ['sales_manager'], manager: 'rita' },
  { username: 'dana', displayName: 'Dana Zhou', roles: ['deal_desk'], manager: 'frank' },
  { username: 'lee', displayName: 'Lee Huang', roles: ['legal_counsel'], manager: 'ed' },
  { username: 'lena', displayName: 'Lena Fischer', roles: ['legal_counsel'], manager: 'ed', timeZone: 'Europe/Berlin', locale: 'en' },
  { username: 'fiona', displayName: 'Fiona Xu', roles: ['finance_controller'], manager: 'frank' },
  { username: 'tom', displayName: 'Tom Sun', roles: ['tax_specialist'], manager: 'fiona' },
  { username: 'olga', displayName: 'Olga Petrova', roles: ['operations_planner'], manager: 'ed' },
  { username: 'carl', displayName: 'Carl Ma', roles: ['credit_controller'], manager: 'fiona' },
  { username: 'cora', displayName: 'Cora Lin', roles: ['compliance_officer'], manager: 'lee' },
  { username: 'rita', displayName: 'Rita Gao', roles: ['regional_director'], manager: 'ed' },
  { username: 'frank', displayName: 'Frank Zhao', roles: ['executive'], manager: 'ed', title: 'CFO' },
  { username: 'ed', displayName: 'Ed Qian', roles: ['executive'], manager: null, title: 'CEO' },
  { username: 'olivia', displayName: 'Olivia Wu', roles: ['ops', 'policy_admin'], manager: null, title: 'Operations auditor' },
  { username: 'paula', displayName: 'Paula Yang', roles: ['policy_admin'], manager: 'ed', title: 'Process owner', locale: 'zh-CN' },
];

export const userId = (username: string) => stableUuid('greenlight-user', username);
export const demoEmail = (username: string) => `${username}@greenlight.example`;

export interface DemoCustomer {
  registrationNumber: string;
  /**
   * The code this customer was seeded with before CN codes had to be valid USCCs (issue 15): its
   * id stays derived from it, and a database seeded then gets the new code in place.
   */
  formerRegistrationNumber?: string;
  name: string;
  /** Other names the customer is known by (Chinese legal name), which customer capture and screening match. */
  aliases: string[];
  country: string;
  creditLimit: number;
  outstandingBalance: number;
  maxOverdueDays: number;
  deniedParty: boolean;
  note: string;
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { registrationNumber: '91310000MA1FL0007C', formerRegistrationNumber: '91310000MA1FL0001X', name: 'Shanghai Harbour Logistics Co., Ltd.', aliases: ['上海港湾物流有限公司'], country: 'CN', creditLimit: 3_000_000, outstandingBalance: 200_000, maxOverdueDays: 0, deniedParty: false, note: 'good credit' },
  { registrationNumber: '91110000MA2BJ00042', formerRegistrationNumber: '91110000MA2BJ0002Y', name: 'Beijing Northern Grid Holdings', aliases: ['北京北方电网控股有限公司'], country: 'CN', creditLimit: 10_000_000, outstandingBalance: 1_000_000, maxOverdueDays: 0, deniedParty: false, note: 'large credit' },
  { registrationNumber: 'HRB-203344-DE', name: 'Rheinmetall Werkzeug GmbH', aliases: [], country: 'DE', creditLimit: 2_000_000, outstandingBalance: 0, maxOverdueDays: 0, deniedParty: false, note: 'foreign customer' },
  { registrationNumber: '91440300MA5GD0001H', formerRegistrationNumber: '91440300MA5SZ0004Z', name: 'Shenzhen Pearl Retail Group', aliases: ['深圳珍珠零售集团有限公司'], country: 'CN', creditLimit: 1_500_000, outstandingBalance: 400_000, maxOverdueDays: 45, deniedParty: false, note: 'invoices overdue more than 30 days' },
  { registrationNumber: 'KP-0000-7777', name: 'Eastern Star Trading Corp.', aliases: ['东星贸易有限公司', 'E-Star Trading'], country: 'KP', creditLimit: 500_000, outstandingBalance: 0, maxOverdueDays: 0, deniedParty: true, note: 'on the denied-party list' },
];

export const customerId = (registrationNumber: string) => stableUuid('greenlight-customer', registrationNumber);
/** A demo customer's id: from the code it was first seeded with, so it survives the move to valid USCCs. */
export const demoCustomerId = (c: DemoCustomer) => customerId(c.formerRegistrationNumber ?? c.registrationNumber);

/**
 * The demo denied-party list: the registry's flagged customer, with the aliases it trades under,
 * so name screening finds it under a new registration number (keyed like the migration's
 * backfill of flagged customers, so the two never make two entries).
 */
export const DEMO_DENIED_PARTIES: DeniedPartyEntry[] = [
  {
    entryKey: 'customer:KP-0000-7777',
    name: 'Eastern Star Trading Corp.',
    aliases: ['东星贸易有限公司', 'E-Star Trading'],
    country: 'KP',
    source: 'customer_registry',
    note: 'Flagged in the customer registry (registration number KP-0000-7777); aliases from the demo sanctions notice',
  },
];
