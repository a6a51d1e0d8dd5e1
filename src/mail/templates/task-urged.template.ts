// Urgent nudge (催办) to whoever holds a waiting task: the submitting rep asks for a decision.
// The subject says URGENT (【催办】 in Chinese) before the usual task subject; the body is the
// task mail's (contract facts, why a person is needed, the one-click link), with the rep's note.
import type { RenderedMail, TaskMailBase } from './mail.props';
import { messages } from './i18n';
import { renderTaskMailBody, taskSubject } from './partials';

export interface TaskUrgedProps extends TaskMailBase {
  /** The submitting rep who urged. */
  repName: string;
  note: string | null;
}

export function taskUrgedTemplate(p: TaskUrgedProps): RenderedMail {
  const { t } = messages(p.recipient.locale);
  const vars = { step: p.why.stepName, title: p.contract.title, rep: p.repName };
  const note = p.note?.trim() ? ` ${t('urge.note', { rep: p.repName, note: p.note.trim() })}` : '';
  return renderTaskMailBody(
    {
      subject: taskSubject(t('urge.what'), p),
      heading: t('urge.heading', vars),
      intro: `${t('urge.intro', vars)}${note}`,
    },
    p,
  );
}
