// The shapes of the task and directory answers the approver pages read (contracts, clauses and
// the policy are in web/src/api/types.ts). These controllers declare no response schema in the
// OpenAPI document, so the fields are named here, mirroring src/tasks/tasks.service.ts (view) and
// src/directory/users.controller.ts.

export type Decision = 'approve' | 'reject' | 'request_changes';

export interface TaskView {
  id: string;
  contractId: string;
  contract: { title: string; customerName: string; amount: number; currency: string; revision: number };
  stepKey: string;
  revision: number;
  status: 'open' | 'decided' | 'cancelled';
  assigneeId: string;
  originalAssigneeId: string;
  escalatedTo: string[];
  escalationLevel: number;
  decision: Decision | null;
  decidedById: string | null;
  comment: string | null;
  decidedAt: string | null;
  dueAt: string | null;
  reason: { ruleId: string; reason: string; problems?: string[]; inputs?: Record<string, unknown> } | null;
  routingNote: string | null;
  createdAt: string;
  canDecide?: boolean;
}

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  title: string | null;
}

export interface Me extends DirectoryUser {
  outOfOffice: { from: string; to: string; delegateUserId: string | null } | null;
}
