// Mail to the assignee of a new human task: what is asked, why a person is needed, by when, and
// the one link to the decision page (and the task's page in the web app).
import type { RenderedMail, TaskAssignedProps } from './mail.props';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskAssignedTemplate(p: TaskAssignedProps): RenderedMail {
  const { t } = messages(p.recipient.locale);
  const vars = { step: p.why.stepName, title: p.contract.title, customer: p.contract.customerName };
  return renderTaskMailBody(
    {
      subject: taskSubject(t('task.assigned.what'), p),
      heading: t('task.assigned.heading', vars),
      intro: t('task.assigned.intro', vars),
    },
    p,
  );
}
