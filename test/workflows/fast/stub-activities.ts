// In-memory activities for the fast workflow tier: plain functions implementing
// ContractActivities over the domain's own data (catalogue, clause library, business calendar,
// SLA schedule), with no PostgreSQL, SMTP or Nest. Every call is recorded with its input, so a
// test asserts what the workflow asked for; `override` swaps one activity for a test's own
// function (a failure, a gate that holds a write open) while the call is still recorded.
import type { ContractActivities, OpenTaskInput } from '../../../activities/activity.types';
import type { RepeatedApproverActivities } from '../../../activities/repeated-approver.activities';
import type { AuditEventInput } from '../../../src/domain/audit/audit-event-types';
import type { ProgressBatch } from '../../../src/domain/chain/engine.types';
import { DEMO_PRODUCTS, productsBySku } from '../../../src/domain/contract/catalogue.data';
import type { ClauseLibrary, CustomerRecord, Product } from '../../../src/domain/contract/contract.types';
import { DEMO_CLAUSE_LIBRARY } from '../../../src/domain/rules/clause-library.data';
import type { CalendarConfig } from '../../../src/domain/sla/business-calendar';
import { calendarConfig } from '../../../src/domain/sla/calendar-config';
import { computeTaskSchedule, rescheduleFromDueAt } from '../../../src/domain/sla/sla-schedule';
import { revisionDeadlines } from '../../../src/domain/sla/revision-timeout';
import { DEMO_CUSTOMERS } from '../../../src/database/seed/demo-organisation';

/** The activities the approval workflow calls from its own proxies (the repeated approver's preview) besides ContractActivities. */
export type StubbedActivities = ContractActivities & RepeatedApproverActivities;
export type ActivityName = keyof StubbedActivities;

export interface ActivityCall<N extends ActivityName = ActivityName> {
  name: N;
  input: Parameters<StubbedActivities[N]>[0];
  /** Whether the call returned (a thrown override leaves it false). */
  ok: boolean;
  result?: Awaited<ReturnType<StubbedActivities[N]>>;
}

export interface StubOptions {
  /** The customer registry captureCustomer looks in; unknown registration numbers are created with credit limit 0. */
  customers?: Omit<CustomerRecord, 'created'>[];
  products?: readonly Product[];
  clauseLibrary?: ClauseLibrary;
  calendar?: CalendarConfig;
  /** Who a task goes to: by role `user:<role>`, to the submitter's manager `manager-of:<submitter>`. */
  assign?: (input: OpenTaskInput) => string;
  /** Managers above any assignee, in escalation order. */
  escalationChain?: string[];
  /** Replaces an activity; receives the input, how many calls of that activity came before, and the stub it replaces. */
  override?: {
    [N in ActivityName]?: (input: Parameters<StubbedActivities[N]>[0], previousCalls: number, stub: StubbedActivities[N]) => ReturnType<StubbedActivities[N]>;
  };
}

export const STUB_CUSTOMERS: Omit<CustomerRecord, 'created'>[] = DEMO_CUSTOMERS.map((c) => ({
  id: `customer:${c.registrationNumber}`,
  name: c.name,
  registrationNumber: c.registrationNumber,
  country: c.country,
  creditLimit: c.creditLimit,
  outstandingBalance: c.outstandingBalance,
  maxOverdueDays: c.maxOverdueDays,
  deniedParty: c.deniedParty,
}));

export const defaultAssignee = (input: OpenTaskInput): string =>
  input.assignee.kind === 'role' ? `user:${input.assignee.role}` : `manager-of:${input.submitterId}`;

export interface StubActivities {
  activities: StubbedActivities;
  calls: ActivityCall[];
  callsOf<N extends ActivityName>(name: N): ActivityCall<N>[];
  /** Every progress batch an activity stored (recordProgress, openTask, closeTask, ...), in order. */
  batches(): ProgressBatch[];
  /** Every audit event stored: the progress batches' and the incident reports'. */
  events(): AuditEventInput[];
}

export function createStubActivities(options: StubOptions = {}): StubActivities {
  const customers = options.customers ?? STUB_CUSTOMERS;
  const products = productsBySku(options.products ?? DEMO_PRODUCTS);
  const clauseLibrary = options.clauseLibrary ?? DEMO_CLAUSE_LIBRARY;
  const calendar = options.calendar ?? calendarConfig();
  const assign = options.assign ?? defaultAssignee;
  const chain = options.escalationChain ?? ['manager:1', 'manager:2', 'manager:3'];
  const calls: ActivityCall[] = [];

  const real: StubbedActivities = {
    prepareRevision: async ({ skus }) => ({
      products: Object.fromEntries(skus.filter((sku) => products[sku]).map((sku) => [sku, products[sku]])),
      clauseLibrary,
    }),
    captureCustomer: async ({ customer }) => {
      const known = customers.find((c) => c.registrationNumber === customer.registrationNumber);
      if (known) return { ...known, created: false };
      return {
        id: `customer:${customer.registrationNumber}`,
        name: customer.name,
        registrationNumber: customer.registrationNumber,
        country: customer.country,
        creditLimit: 0,
        outstandingBalance: 0,
        maxOverdueDays: 0,
        deniedParty: false,
        created: true,
      };
    },
    approversOfRole: async ({ role }) => [`${role}:1`, `${role}:2`],
    recordProgress: async () => undefined,
    recordRevision: async () => undefined,
    openTask: async (input) => {
      const assigneeId = assign(input);
      const schedule = computeTaskSchedule({
        calendar,
        createdAt: input.createdAt,
        slaBusinessHours: input.slaBusinessHours,
        reminderFractions: input.reminderFractions,
        escalationLevels: input.escalationLevels,
      });
      return {
        assigneeId,
        originalAssigneeId: assigneeId,
        routingNote: null,
        schedule,
        escalationChain: chain.filter((id) => id !== input.submitterId).slice(0, input.escalationLevels),
      };
    },
    closeTask: async () => undefined,
    cancelTasks: async () => undefined,
    escalateTask: async () => undefined,
    reassignTask: async (input) => ({ escalationChain: chain.slice(0, input.escalationLevels) }),
    rescheduleTask: async (input) =>
      rescheduleFromDueAt({
        calendar,
        createdAt: input.createdAt,
        newDueAt: input.dueAt,
        slaBusinessHours: input.slaBusinessHours,
        reminderFractions: input.reminderFractions,
        escalationLevels: input.escalationLevels,
      }),
    revisionDeadlines: async ({ since, remindAfterBusinessHours, withdrawAfterBusinessHours }) => revisionDeadlines(calendar, since, { remindAfterBusinessHours, withdrawAfterBusinessHours }),
    sendTaskMail: async () => ({ sent: true }),
    sendRepMail: async () => ({ sent: true }),
    generateDocument: async ({ revision }) => ({ sha256: `${'ab'.repeat(31)}${String(revision).padStart(2, '0')}`, bytes: 2048 }),
    createOrder: async ({ contractId }) => ({ orderId: `order:${contractId}`, orderNumber: 'SO-100001' }),
    reportIncidents: async () => undefined,
    // The routing openTask would do, read only: the same assignee.
    previewAssignee: async (input) => {
      const assigneeId = assign({ assignee: input.assignee, submitterId: input.submitterId } as OpenTaskInput);
      return { assigneeId, originalAssigneeId: assigneeId };
    },
  };

  const activities = {} as Record<ActivityName, (input: unknown) => Promise<unknown>>;
  for (const name of Object.keys(real) as ActivityName[]) {
    activities[name] = async (input: unknown) => {
      const previous = calls.filter((c) => c.name === name).length;
      const call: ActivityCall = { name, input: input as never, ok: false };
      calls.push(call);
      const stub = real[name] as (i: unknown) => Promise<unknown>;
      const override = options.override?.[name] as ((i: unknown, n: number, s: typeof stub) => Promise<unknown>) | undefined;
      const result = await (override ? override(input, previous, stub) : stub(input));
      call.ok = true;
      call.result = result as never;
      return result;
    };
  }

  const callsOf = <N extends ActivityName>(name: N) => calls.filter((c): c is ActivityCall<N> => c.name === name);
  const batches = (): ProgressBatch[] =>
    calls.flatMap((c) => {
      const progress = c.name === 'recordProgress' ? (c.input as ProgressBatch) : (c.input as { progress?: ProgressBatch }).progress;
      return c.ok && progress ? [progress] : [];
    });
  const events = (): AuditEventInput[] =>
    calls.flatMap((c) => {
      if (!c.ok) return [];
      if (c.name === 'reportIncidents') {
        const event = (c.input as Parameters<ContractActivities['reportIncidents']>[0]).event;
        return event ? [event] : [];
      }
      const progress = c.name === 'recordProgress' ? (c.input as ProgressBatch) : (c.input as { progress?: ProgressBatch }).progress;
      return progress?.events ?? [];
    });

  return { activities: activities as unknown as StubbedActivities, calls, callsOf, batches, events };
}
