// Notice to the new assignee of a delegated task. Links sent to the previous assignee stop
// working as soon as the task changes hands.
import type { RenderedMail, TaskDelegatedProps } from './mail.props';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskDelegatedTemplate(p: TaskDelegatedProps): RenderedMail {
  const from = p.fromName ? `${p.fromName} handed` : 'A colleague handed';
  const note = p.comment ? ` Their note: "${p.comment}".` : '';
  return renderTaskMailBody(
    {
      subject: taskSubject('Delegated to you', p),
      heading: `Delegated to you: ${p.why.stepName}`,
      intro: `${from} you step "${p.why.stepName}" on contract "${p.contract.title}" for ${p.contract.customerName}.${note}`,
    },
    p,
  );
}
