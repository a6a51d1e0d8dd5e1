// The CC activity (抄送): copies people on a step's decision (src/domain/chain/cc.ts) through the
// mail module's idempotent send (src/mail/cc-mail.ts). Called by workflows/contract-approval/cc.ts.
import type { DecidedBy } from '../src/domain/chain/engine.types';

export interface CcMailInput {
  contractId: string;
  revision: number;
  stepKey: string;
  stepName: string;
  /** One per decision: contract, revision and step. Keys the audit event and each recipient's mail. */
  eventKey: string;
  status: 'approved' | 'auto_approved' | 'rejected' | 'changes_requested';
  decidedBy?: DecidedBy;
  comment?: string;
  decidedAt: string;
  taskId?: string;
  /** Holders of these roles are copied. */
  roles: string[];
  /** These users are copied. */
  users: string[];
}

export interface CcActivities {
  /** Records CC_NOTIFIED and mails each person copied on the decision once. */
  notifyCc(input: CcMailInput): Promise<{ sent: number; recipientIds: string[] }>;
}

export function createCcActivities(deps: { notifier: { sendCcMails?: CcActivities['notifyCc'] } }): CcActivities {
  return {
    async notifyCc(input) {
      if (!deps.notifier.sendCcMails) throw new Error('This worker\'s notifier cannot send CC mail');
      return deps.notifier.sendCcMails(input);
    },
  };
}
