// Reminder to the current assignee at a fraction of the task's SLA (see src/domain/sla).
import type { RenderedMail, TaskReminderProps } from './mail.props';
import { formatFraction, formatInstant } from './format';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskReminderTemplate(p: TaskReminderProps): RenderedMail {
  const due = p.dueAt ? formatInstant(p.dueAt, p.recipient.timeZone) : 'soon';
  return renderTaskMailBody(
    {
      subject: taskSubject('Reminder', p),
      heading: `Reminder: ${p.why.stepName} is due ${due}`,
      intro:
        `${formatFraction(p.fraction)} of the time for step "${p.why.stepName}" on contract "${p.contract.title}" has passed ` +
        `and it still waits for your decision. If it is not decided by ${due}, it escalates to your manager.`,
    },
    p,
  );
}
