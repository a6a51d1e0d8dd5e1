// Every mail template by name, with sample props: what the preview command renders.
import type { RenderedMail } from './mail.props';
import { changesRequestedTemplate } from './changes-requested.template';
import { contractApprovedTemplate } from './contract-approved.template';
import { contractRejectedTemplate } from './contract-rejected.template';
import { contractWithdrawnTemplate } from './contract-withdrawn.template';
import { SAMPLE_REP, SAMPLE_TASK } from './samples';
import { taskAssignedTemplate } from './task-assigned.template';
import { taskDecidedElsewhereTemplate } from './task-decided-elsewhere.template';
import { taskDelegatedTemplate } from './task-delegated.template';
import { taskEscalatedTemplate } from './task-escalated.template';
import { taskReminderTemplate } from './task-reminder.template';

export {
  changesRequestedTemplate,
  contractApprovedTemplate,
  contractRejectedTemplate,
  contractWithdrawnTemplate,
  taskAssignedTemplate,
  taskDecidedElsewhereTemplate,
  taskDelegatedTemplate,
  taskEscalatedTemplate,
  taskReminderTemplate,
};

const note = { stepName: 'Legal review', byName: 'Lena Fischer', comment: 'Liability must stay capped at 12 months of fees.\nPlease restore the standard clause.', at: '2026-11-24T08:12:00.000Z' };

export const MAIL_PREVIEWS: { name: string; render: () => RenderedMail }[] = [
  { name: 'task-assigned', render: () => taskAssignedTemplate(SAMPLE_TASK) },
  { name: 'task-reminder', render: () => taskReminderTemplate({ ...SAMPLE_TASK, fraction: 0.5 }) },
  { name: 'task-escalated', render: () => taskEscalatedTemplate({ ...SAMPLE_TASK, recipient: { name: 'Ed Qian', timeZone: 'Asia/Shanghai' }, level: 1, assigneeName: 'Lena Fischer' }) },
  { name: 'task-delegated', render: () => taskDelegatedTemplate({ ...SAMPLE_TASK, fromName: 'Lee Huang', comment: 'On leave until Monday' }) },
  {
    name: 'task-decided-elsewhere',
    render: () =>
      taskDecidedElsewhereTemplate({
        recipient: { name: 'Lena Fischer', timeZone: 'Europe/Berlin' },
        contract: SAMPLE_TASK.contract,
        stepName: 'Legal review',
        decision: 'approve',
        byName: 'Ed Qian',
        at: '2026-11-24T09:30:00.000Z',
        comment: 'Approved on escalation; cap agreed with the customer.',
      }),
  },
  { name: 'contract-approved', render: () => contractApprovedTemplate({ ...SAMPLE_REP, orderNumber: 'SO-100042' }) },
  { name: 'contract-rejected', render: () => contractRejectedTemplate({ ...SAMPLE_REP, notes: [{ ...note, comment: 'Unlimited liability is not acceptable.' }] }) },
  { name: 'changes-requested', render: () => changesRequestedTemplate({ ...SAMPLE_REP, notes: [note], problems: [] }) },
  { name: 'contract-withdrawn', render: () => contractWithdrawnTemplate({ ...SAMPLE_REP, reason: 'Customer postponed the project' }) },
];
