// What the workflow's mail activities need from the mail module: one idempotent send per event.
import type { RepMailInput, TaskMailInput } from './activity.types';
import type { CcMailInput } from './cc.activities';

export interface Notifier {
  sendTaskMail(input: TaskMailInput): Promise<{ sent: boolean; reason?: string }>;
  sendRepMail(input: RepMailInput): Promise<{ sent: boolean }>;
  /** CC (抄送) on a step's decision: CC_NOTIFIED, then one mail per person copied. Optional: a notifier without it fails the activity. */
  sendCcMails?(input: CcMailInput): Promise<{ sent: number; recipientIds: string[] }>;
}
