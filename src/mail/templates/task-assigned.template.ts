// Mail to the assignee of a new human task: what is asked, why a person is needed, by when, and
// the one link to the decision page (and the task's page in the web app). A task of a step an
// approver returned the contract to says who returned it, from which step, and why.
import type { RenderedMail, TaskAssignedProps } from './mail.props';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskAssignedTemplate(p: TaskAssignedProps): RenderedMail {
  const { t } = messages(p.recipient.locale);
  const vars = { step: p.why.stepName, title: p.contract.title, customer: p.contract.customerName };
  if (p.returned) {
    // Returned to this step from a later one: the mail says by whom and why, in place of the plain ask.
    const returned = { ...vars, by: p.returned.byName, from: p.returned.fromStepName, comment: p.returned.comment };
    return renderTaskMailBody({ subject: taskSubject(t('task.returned.what'), p), heading: t('task.returned.heading', returned), intro: t('task.returned.intro', returned) }, p);
  }
  return renderTaskMailBody(
    {
      subject: taskSubject(t('task.assigned.what'), p),
      heading: t('task.assigned.heading', vars),
      intro: t('task.assigned.intro', vars),
    },
    p,
  );
}
