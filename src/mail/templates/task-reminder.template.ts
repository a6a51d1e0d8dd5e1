// Reminder to the current assignee at a fraction of the task's SLA (see src/domain/sla).
import type { RenderedMail, TaskReminderProps } from './mail.props';
import { formatFraction } from './format';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskReminderTemplate(p: TaskReminderProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const due = p.dueAt ? m.instant(p.dueAt, p.recipient.timeZone) : m.t('task.reminder.soon');
  const vars = { step: p.why.stepName, title: p.contract.title, due, fraction: formatFraction(p.fraction) };
  return renderTaskMailBody(
    {
      subject: taskSubject(m.t('task.reminder.what'), p),
      heading: m.t('task.reminder.heading', vars),
      intro: m.t('task.reminder.intro', vars),
    },
    p,
  );
}
