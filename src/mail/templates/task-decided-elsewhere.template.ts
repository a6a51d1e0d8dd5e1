// Notice to whoever else could have decided a task (the assignee, or managers it escalated to)
// that it has been decided: nothing more is needed from them, and their links no longer work.
import type { RenderedMail, TaskDecidedElsewhereProps } from './mail.props';
import { html } from '../../common/html';
import { formatInstant } from './format';
import { renderRepMailBody } from './partials';

const VERBS = { approve: 'approved', reject: 'rejected', request_changes: 'returned for changes' } as const;

export function taskDecidedElsewhereTemplate(p: TaskDecidedElsewhereProps): RenderedMail {
  const verb = VERBS[p.decision];
  const when = formatInstant(p.at, p.recipient.timeZone);
  const comment = p.comment ? `Comment: "${p.comment}"` : '';
  return renderRepMailBody(
    {
      subject: `[Greenlight] No action needed: ${p.stepName} — ${p.contract.title} (${verb} by ${p.byName})`,
      heading: `Decided: ${p.stepName}`,
      intro:
        `Step "${p.stepName}" on contract "${p.contract.title}" was ${verb} by ${p.byName} on ${when}. ` +
        `Nothing more is needed from you; links you received for this task no longer work.`,
      sectionHtml: !!comment && html`<p style="margin:8px 0">${comment}</p>`,
      sectionText: comment,
    },
    { ...p, footerReason: 'You receive this because you could also have decided this task.' },
  );
}
