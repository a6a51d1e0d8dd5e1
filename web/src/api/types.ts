// Shapes the pages read. Where the OpenAPI document declares a response schema (the session, the
// clause library) the type is the generated one; the other routes' controllers declare none yet,
// so those shapes mirror src/contracts (view, summary, history) and src/reference by hand.
import type { components } from './schema';

export type CreateContractBody = components['schemas']['CreateContractDto'];
export type ReviseContractBody = components['schemas']['ReviseContractDto'];
export type Rag = 'green' | 'amber' | 'red';

export type SessionUser = components['schemas']['SessionUserView'];
export type Session = components['schemas']['SessionView'];
export type DemoUser = components['schemas']['DemoUserView'];

export type StandardClause = components['schemas']['StandardClauseView'];
export type ClauseLibrary = components['schemas']['ClauseLibraryView'];

export interface PolicyStep {
  key: string;
  number: number;
  name: string;
  mode: string;
  params: Record<string, unknown>;
  slaBusinessHours: number;
}

export interface Policy {
  version: string;
  stages: { tracks: string[][] }[];
  steps: PolicyStep[];
  contractTargetHours: number;
}

export interface ContractTiming {
  elapsedHours: number;
  targetHours: number;
  dueAt: string;
  rag: Rag;
  reworkHours: number;
}

export interface ContractSummary {
  id: string;
  title: string;
  status: string;
  revision: number;
  customer: { name: string; registrationNumber: string; country: string };
  currency: string;
  amount: number;
  discountPercent: number | null;
  currentSteps: string[];
  submittedAt: string;
  completedAt: string | null;
  timing: ContractTiming;
  needsAttention: boolean;
  /** What ops must follow up by hand (src/domain/sla/attention.ts), until the flagged task is decided. */
  attention: AttentionFlag[];
}

export interface AttentionFlag {
  kind: 'escalation_exhausted';
  taskId: string;
  step: string;
  /** The escalation level that found no manager. */
  level: number;
  assigneeId: string;
  since: string;
}

export interface ContractList {
  page: number;
  pageSize: number;
  total: number;
  items: ContractSummary[];
}

export interface Person {
  id: string;
  name: string;
}

export interface StepView {
  key: string;
  number: number;
  name: string;
  status: string;
  revision: number;
  decidedBy: { kind: 'rule' | 'user'; id: string; name?: string } | null;
  reason: string | null;
  problems: string[] | null;
  comment: string | null;
  keptFromRevision: number | null;
  taskId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  dueAt: string | null;
  sla: {
    dueAt: string;
    reminders: { fraction: number; at: string; sentAt?: string }[];
    escalations: { level: number; at: string; toUserId?: string; firedAt?: string }[];
    escalationLevel: number;
    breached: boolean;
  } | null;
  /** Who the step's decision was copied to (抄送). */
  cc?: { id: string; name: string }[];
  /** Added to the running contract by a sales manager or ops: who, and why. */
  adHoc?: boolean;
  addedBy?: Person | null;
  addedReason?: string | null;
  /** Several people decide the step together (countersign 会签, or-sign 或签, quorum): mode, tally, each approver's state. */
  approvers?: StepApproversView | null;
}

export interface StepApproversView {
  mode: 'all' | 'any' | 'quorum';
  required: number;
  approved: number;
  total: number;
  outcome: string | null;
  approvers: {
    user: Person | null;
    assignee: Person | null;
    taskId: string;
    status: 'open' | 'approved' | 'rejected' | 'changes_requested' | 'returned' | 'closed';
    decidedBy: Person | null;
    decidedAt: string | null;
    comment: string | null;
    dueAt: string | null;
    escalationLevel: number;
    escalatedTo: (Person | null)[];
  }[];
}

export interface ContractData {
  title: string;
  customer: { name: string; registrationNumber: string; country: string };
  currency: string;
  amount: number;
  paymentTermsDays: number;
  requestedDeliveryDate: string;
  personalData: boolean;
  lines: { sku: string; quantity: number; unitPrice: number; taxRatePercent: number }[];
  clauses: { key: string; text: string }[];
  /** Users the rep copies (抄送). */
  cc?: string[];
}

export interface ContractView extends ContractSummary {
  workflowStarted: boolean;
  policyVersion: string;
  submitter: Person | null;
  problems: string[] | null;
  data: ContractData;
  steps: StepView[];
  openTasks: { id: string; stepKey: string; assignee: Person | null; dueAt: string | null; escalationLevel: number }[];
  order: { id: string; orderNumber: string; status: string; currency: string; amount: number; createdAt: string | null } | null;
  document: { revision: number; sha256: string; url: string; pdfUrl: string | null; createdAt: string | null } | null;
}

export interface HistoryEvent {
  id: number;
  type: string;
  actor: { kind: string; id: string | null };
  revision: number | null;
  stepKey: string | null;
  occurredAt: string;
  data: Record<string, unknown> | null;
}

export type Preview = components['schemas']['RoutingPreviewView'];
export type Product = components['schemas']['ProductView'];
export type Customer = components['schemas']['CustomerView'];
