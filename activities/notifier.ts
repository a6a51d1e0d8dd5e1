// What the workflow's mail activities need from the mail module: one idempotent send per event.
import type { RepMailInput, TaskMailInput } from './activity.types';

export interface Notifier {
  sendTaskMail(input: TaskMailInput): Promise<{ sent: boolean; reason?: string }>;
  sendRepMail(input: RepMailInput): Promise<{ sent: boolean }>;
}
