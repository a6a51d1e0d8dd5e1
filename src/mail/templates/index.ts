// Every mail template by name, with sample props in a given language: what the preview command
// renders (both languages) and the unit tests read.
import type { Locale } from '../../directory/locale';
import type { RenderedMail } from './mail.props';
import { changesRequestedTemplate } from './changes-requested.template';
import { contractApprovedTemplate } from './contract-approved.template';
import { contractRejectedTemplate } from './contract-rejected.template';
import { contractWithdrawnTemplate } from './contract-withdrawn.template';
import { escalationExhaustedTemplate } from './escalation-exhausted.template';
import { orderShippedTemplate } from './order-shipped.template';
import { revisionReminderTemplate } from './revision-reminder.template';
import { SAMPLE_REP, SAMPLE_TASK } from './samples';
import { taskAssignedTemplate } from './task-assigned.template';
import { taskDecidedElsewhereTemplate } from './task-decided-elsewhere.template';
import { taskDelegatedTemplate } from './task-delegated.template';
import { taskEscalatedTemplate } from './task-escalated.template';
import { taskReminderTemplate } from './task-reminder.template';
import { taskUrgedTemplate } from './task-urged.template';
import { stepCcTemplate } from './step-cc.template';

export {
  changesRequestedTemplate,
  contractApprovedTemplate,
  contractRejectedTemplate,
  contractWithdrawnTemplate,
  escalationExhaustedTemplate,
  orderShippedTemplate,
  revisionReminderTemplate,
  taskAssignedTemplate,
  taskDecidedElsewhereTemplate,
  taskDelegatedTemplate,
  taskEscalatedTemplate,
  taskReminderTemplate,
  taskUrgedTemplate,
  stepCcTemplate,
};

const note = { stepName: 'Legal review', byName: 'Lena Fischer', comment: 'Liability must stay capped at 12 months of fees.\nPlease restore the standard clause.', at: '2026-11-24T08:12:00.000Z' };

const task = (locale: Locale) => ({ ...SAMPLE_TASK, recipient: { ...SAMPLE_TASK.recipient, locale } });
const rep = (locale: Locale) => ({ ...SAMPLE_REP, recipient: { ...SAMPLE_REP.recipient, locale } });

export const MAIL_PREVIEWS: { name: string; render: (locale?: Locale) => RenderedMail }[] = [
  { name: 'task-assigned', render: (locale = 'en') => taskAssignedTemplate(task(locale)) },
  { name: 'task-reminder', render: (locale = 'en') => taskReminderTemplate({ ...task(locale), fraction: 0.5 }) },
  { name: 'task-escalated', render: (locale = 'en') => taskEscalatedTemplate({ ...task(locale), recipient: { name: 'Ed Qian', timeZone: 'Asia/Shanghai', locale }, level: 1, assigneeName: 'Lena Fischer' }) },
  {
    name: 'step-cc',
    render: (locale = 'en') =>
      stepCcTemplate({
        ...rep(locale),
        recipient: { name: 'Fiona Xu', timeZone: 'Asia/Shanghai', locale },
        stepName: 'Legal review',
        status: 'approved',
        byName: 'Lena Fischer',
        ruleId: null,
        comment: 'Cap agreed with the customer.',
        appUrl: 'https://greenlight.example.com/contracts/6f1c1e0e-0000-4000-8000-000000000042',
      }),
  },
  { name: 'task-urged', render: (locale = 'en') => taskUrgedTemplate({ ...task(locale), repName: 'Alice Wang', note: 'The customer signs on Friday.' }) },
  { name: 'task-delegated', render: (locale = 'en') => taskDelegatedTemplate({ ...task(locale), fromName: 'Lee Huang', comment: 'On leave until Monday' }) },
  {
    name: 'task-decided-elsewhere',
    render: (locale = 'en') =>
      taskDecidedElsewhereTemplate({
        recipient: { name: 'Lena Fischer', timeZone: 'Europe/Berlin', locale },
        contract: SAMPLE_TASK.contract,
        stepName: 'Legal review',
        decision: 'approve',
        byName: 'Ed Qian',
        at: '2026-11-24T09:30:00.000Z',
        comment: 'Approved on escalation; cap agreed with the customer.',
      }),
  },
  { name: 'contract-approved', render: (locale = 'en') => contractApprovedTemplate({ ...rep(locale), orderNumber: 'SO-100042' }) },
  { name: 'contract-rejected', render: (locale = 'en') => contractRejectedTemplate({ ...rep(locale), notes: [{ ...note, comment: 'Unlimited liability is not acceptable.' }] }) },
  { name: 'changes-requested', render: (locale = 'en') => changesRequestedTemplate({ ...rep(locale), notes: [note], problems: [] }) },
  { name: 'contract-withdrawn', render: (locale = 'en') => contractWithdrawnTemplate({ ...rep(locale), reason: 'Customer postponed the project' }) },
  {
    name: 'escalation-exhausted',
    render: (locale = 'en') =>
      escalationExhaustedTemplate({
        ...rep(locale),
        recipient: { name: 'Olivia Wu', timeZone: 'Asia/Shanghai', locale },
        stepName: 'Legal review',
        assigneeName: 'Lena Fischer',
        managerNames: ['Ed Qian'],
        level: 2,
        dueAt: '2026-11-24T10:00:00.000Z',
        appUrl: 'https://greenlight.example.com/contracts/6f1c1e0e-0000-4000-8000-000000000042',
      }),
  },
  {
    name: 'revision-reminder',
    render: (locale = 'en') => revisionReminderTemplate({ ...rep(locale), since: '2026-11-23T06:30:00.000Z', withdrawAt: '2026-12-03T08:00:00.000Z', notes: [note] }),
  },
  { name: 'order-shipped', render: (locale = 'en') => orderShippedTemplate({ ...rep(locale), orderNumber: 'SO-100042', erpOrderNumber: '4500000042' }) },
];
