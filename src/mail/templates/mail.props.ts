// The typed props every mail template (and the task page) renders from. Plain data: the mail
// notifier loads it from the database, the preview command and the unit tests make it up.
import type { Locale } from '../../directory/locale';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface Recipient {
  name: string;
  /** IANA zone every instant in the mail is written in (the user's, else the organisation's). */
  timeZone: string;
  /** The language the mail is written in (the user's, else DEFAULT_LOCALE); English when absent. */
  locale?: Locale;
}

export interface ContractFacts {
  contractId: string;
  title: string;
  revision: number;
  customerName: string;
  customerCountry: string;
  currency: string;
  amount: number;
  /** Catalogue list price of the lines; null when no line's product is known. */
  listTotal: number | null;
  /** Discount off list, derived from the lines and the catalogue (never stated by the rep). */
  discountPercent: number | null;
  paymentTermsDays: number;
  requestedDeliveryDate: string;
  submitterName: string;
}

export interface ClauseDeviationView {
  clauseKey: string;
  clauseTitle: string;
  kind: string;
  detail: string;
  standardText?: string;
  actualText?: string;
}

/** Why the step needs a person: the rule that could not decide it, and what it found. */
export interface HumanReason {
  stepName: string;
  ruleId: string;
  reason: string;
  problems: string[];
  /** Clause deviations, when the rule that sent the step to a person read them. */
  deviations: ClauseDeviationView[];
  routingNote: string | null;
}

export interface TaskLinkView {
  url: string;
  expiresAt: string;
}

export interface TaskMailBase {
  recipient: Recipient;
  contract: ContractFacts;
  why: HumanReason;
  dueAt: string | null;
  link: TaskLinkView;
  /** The task's page in the web app (`${PUBLIC_BASE_URL}/tasks/:id`): the mail's "Open in Greenlight" link. */
  appUrl?: string;
}

export interface TaskAssignedProps extends TaskMailBase {
  /** The step was returned to from a later one (return-to-step.ts): who, from which step, why. */
  returned?: { byName: string; fromStepName: string; comment: string } | null;
}

export interface TaskReminderProps extends TaskMailBase {
  /** Share of the SLA already used, e.g. 0.5. */
  fraction: number;
}

export interface TaskEscalatedProps extends TaskMailBase {
  level: number;
  /** Whose task it is; the manager may decide in their place. */
  assigneeName: string;
}

export interface TaskDelegatedProps extends TaskMailBase {
  fromName: string | null;
  comment: string | null;
}

/** Told to everyone else who could have decided a task once someone decided it. */
export interface TaskDecidedElsewhereProps {
  recipient: Recipient;
  contract: ContractFacts;
  stepName: string;
  decision: 'approve' | 'reject' | 'request_changes';
  /** A person's name, or "rule <id>" for a decision by rule (approval on timeout). */
  byName: string;
  at: string;
  comment: string | null;
}

/** A reviewer's (or a rule's) word on a contract that went back or was turned down. */
export interface ReviewerNote {
  stepName: string;
  byName: string;
  comment: string;
  at: string | null;
}

export interface RepMailBase {
  recipient: Recipient;
  contract: ContractFacts;
  at: string;
}

export interface ContractApprovedProps extends RepMailBase {
  orderNumber: string | null;
}

export interface ContractRejectedProps extends RepMailBase {
  notes: ReviewerNote[];
}

export interface ChangesRequestedProps extends RepMailBase {
  notes: ReviewerNote[];
  problems: string[];
}

export interface ContractWithdrawnProps extends RepMailBase {
  reason: string | null;
}

/** The contract's order shipped in the ERP (`at`: when the ERP shows it shipped). */
export interface OrderShippedProps extends RepMailBase {
  orderNumber: string;
  erpOrderNumber: string;
}
