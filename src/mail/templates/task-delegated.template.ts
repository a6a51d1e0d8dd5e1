// Notice to the new assignee of a delegated task. Links sent to the previous assignee stop
// working as soon as the task changes hands.
import type { RenderedMail, TaskDelegatedProps } from './mail.props';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export function taskDelegatedTemplate(p: TaskDelegatedProps): RenderedMail {
  const { t } = messages(p.recipient.locale);
  const note = p.comment ? t('task.delegated.note', { comment: p.comment }) : '';
  const vars = { from: p.fromName ?? '', step: p.why.stepName, title: p.contract.title, customer: p.contract.customerName, note };
  return renderTaskMailBody(
    {
      subject: taskSubject(t('task.delegated.what'), p),
      heading: t('task.delegated.heading', vars),
      intro: t(p.fromName ? 'task.delegated.introFrom' : 'task.delegated.introColleague', vars),
    },
    p,
  );
}
