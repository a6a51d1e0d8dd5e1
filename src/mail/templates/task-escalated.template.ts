// Escalation notice to a manager: the task passed its deadline; the manager may decide it in the
// assignee's place, through a link bound to the manager.
import type { RenderedMail, TaskEscalatedProps } from './mail.props';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskEscalatedTemplate(p: TaskEscalatedProps): RenderedMail {
  return renderTaskMailBody(
    {
      subject: taskSubject(`Escalated to you (level ${p.level})`, p),
      heading: `Overdue: ${p.why.stepName}, assigned to ${p.assigneeName}`,
      intro:
        `Step "${p.why.stepName}" on contract "${p.contract.title}" is past its deadline without a decision from ${p.assigneeName}. ` +
        `It has been escalated to you: you may decide it in their place.`,
    },
    p,
  );
}
