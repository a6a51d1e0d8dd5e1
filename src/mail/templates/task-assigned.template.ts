// Mail to the assignee of a new human task: what is asked, why a person is needed, by when, and
// the one link to the decision page.
import type { RenderedMail, TaskAssignedProps } from './mail.props';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskAssignedTemplate(p: TaskAssignedProps): RenderedMail {
  return renderTaskMailBody(
    {
      subject: taskSubject('Approval needed', p),
      heading: `Your decision is needed: ${p.why.stepName}`,
      intro: `Contract "${p.contract.title}" for ${p.contract.customerName} needs your decision on step "${p.why.stepName}".`,
    },
    p,
  );
}
