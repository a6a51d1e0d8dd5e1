// Escalation notice to a manager: the task passed its deadline; the manager may decide it in the
// assignee's place, through a link bound to the manager.
import type { RenderedMail, TaskEscalatedProps } from './mail.props';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskEscalatedTemplate(p: TaskEscalatedProps): RenderedMail {
  const { t } = messages(p.recipient.locale);
  const vars = { step: p.why.stepName, title: p.contract.title, assignee: p.assigneeName };
  return renderTaskMailBody(
    {
      subject: taskSubject(t('task.escalated.what', { level: p.level }), p),
      heading: t('task.escalated.heading', vars),
      intro: t('task.escalated.intro', vars),
    },
    p,
  );
}
