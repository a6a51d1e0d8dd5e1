// The ops mail of an escalation that ran out of managers (TaskMailInput kind
// `escalation_exhausted`): one mail per ops user per task, keyed by the workflow's event key like
// every other mail (so a retried or repeated send does not mail twice), while the task is open.
import type { DataSource } from 'typeorm';
import type { TaskMailInput } from '../../activities/activity.types';
import type { Person, TaskContext } from './mail-data.repository';
import type { Recipient } from './templates/mail.props';
import { escalationExhaustedTemplate } from './templates/escalation-exhausted.template';
import { type Deliver, contractPageUrl } from './deliver';


export interface EscalationExhaustedMailDeps {
  db: DataSource;
  person: (id: string) => Promise<Person | null>;
  addressee: (p: Person) => Recipient;
  deliver: Deliver;
  publicBaseUrl: string;
}

/** Mails every ops user that the task's escalation ran out of managers; sent when at least one got it. */
export async function sendEscalationExhausted(deps: EscalationExhaustedMailDeps, input: TaskMailInput, ctx: TaskContext): Promise<{ sent: boolean; reason?: string }> {
  // Decided or cancelled while this mail waited: nobody needs to step in any more.
  if (ctx.status !== 'open') return { sent: false, reason: ctx.status === 'decided' ? 'TASK_DECIDED' : 'TASK_CANCELLED' };
  const rows: { id: string }[] = await deps.db.query(`SELECT id FROM users WHERE 'ops' = ANY(roles) ORDER BY username`);
  if (!rows.length) return { sent: false, reason: 'NO_RECIPIENT' };
  const assignee = await deps.person(ctx.assigneeId);
  const managers = (await Promise.all(ctx.escalatedTo.map((id) => deps.person(id)))).filter((p): p is Person => p !== null);
  let sent = false;
  for (const { id } of rows) {
    const recipient = await deps.person(id);
    if (!recipient) continue;
    const result = await deps.deliver({
      eventKey: input.eventKey,
      kind: input.kind,
      recipient,
      contractId: ctx.contractId,
      taskId: ctx.taskId,
      revision: ctx.revision,
      stepKey: ctx.stepKey,
      render: async () => ({
        linkId: null,
        mail: escalationExhaustedTemplate({
          recipient: deps.addressee(recipient),
          contract: ctx.contract,
          at: new Date().toISOString(),
          stepName: ctx.why.stepName,
          assigneeName: assignee?.name ?? ctx.assigneeId,
          managerNames: managers.map((p) => p.name),
          level: input.escalationLevel ?? 1,
          dueAt: ctx.dueAt,
          appUrl: contractPageUrl(deps.publicBaseUrl, ctx.contractId),
        }),
      }),
    });
    sent ||= result.sent;
  }
  return { sent };
}
