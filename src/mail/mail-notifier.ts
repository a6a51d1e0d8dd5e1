// The worker's mail module: the idempotent send behind the workflow's sendTaskMail and
// sendRepMail activities. Per mail event and recipient it claims a mail_log row, issues the task
// link (deterministic row key, so a retry finds the same link row), renders the template, hands
// the message to SMTP with a Message-ID derived from the event, then marks the row sent and
// records MAIL_SENT. Any SMTP failure throws, so Temporal retries with backoff until it works.
//
// Exactly-once holds up to the SMTP boundary: if the process dies after the server accepted the
// message and before the row is marked sent, the retry sends it again — with the same
// Message-ID, so clients and servers that de-duplicate see one message, and a link to the same
// single-use link row (a new random token; the first mail's token stays valid too).
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RepMailInput, TaskMailInput } from '../../activities/activity.types';
import type { Notifier } from '../../activities/notifier';
import type { AppConfig } from '../config/env.schema';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { deriveTaskLinkToken, hashTaskLinkToken } from '../task-links/task-link.tokens';
import { effectiveLocale } from '../directory/locale';
import { TaskLinksRepository } from '../task-links/task-links.repository';
import { MailDataRepository, type Person, type TaskContext } from './mail-data.repository';
import { MailLogRepository } from './mail-log.repository';
import { sendCcMails } from './cc-mail';
import { sendEscalationExhausted } from './escalation-exhausted-mail';
import { revisionReminderTemplate } from './templates/revision-reminder.template';
import { createSmtpTransport, type MailTransport } from './mail-transport';
import type { Logger } from '../observability/logger';
import type { TaskMailBase } from './templates/mail.props';
import type { DeliverRequest } from './deliver';
import {
  changesRequestedTemplate,
  contractApprovedTemplate,
  contractRejectedTemplate,
  contractWithdrawnTemplate,
  orderShippedTemplate,
  taskAssignedTemplate,
  taskDecidedElsewhereTemplate,
  taskDelegatedTemplate,
  taskEscalatedTemplate,
  taskReminderTemplate,
  taskUrgedTemplate,
} from './templates';

export interface MailNotifierDeps {
  db: DataSource;
  config: AppConfig;
  /** Defaults to SMTP at config.SMTP_URL. */
  transport?: MailTransport;
  /** One line per mail really sent (with the activity's correlation id, when the worker's logger mixes it in). */
  logger?: Logger;
}

export function taskLinkUrl(baseUrl: string, token: string): string {
  return new URL(`tasks/act/${token}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** The task's page in the web app, the task mails' "Open in Greenlight" link (the user signs in there first). */
export function taskAppUrl(baseUrl: string, taskId: string): string {
  return new URL(`tasks/${encodeURIComponent(taskId)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** "<hash.kind@domain>", the domain taken from MAIL_FROM. */
export function messageIdFor(mailFrom: string, eventKey: string, recipientId: string, kind: string): string {
  const hash = createHash('sha256').update(`${eventKey}\n${recipientId}`).digest('hex').slice(0, 32);
  return `<${hash}.${kind.replace(/_/g, '-')}@${mailDomain(mailFrom)}>`;
}

function mailDomain(mailFrom: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom.trim());
  return m ? m[1].toLowerCase() : 'greenlight.invalid';
}

export function createMailNotifier(deps: MailNotifierDeps): Notifier & { close(): void } {
  const { db, config } = deps;
  const transport = deps.transport ?? createSmtpTransport(config.SMTP_URL);
  const data = new MailDataRepository(db);
  const links = new TaskLinksRepository(db);
  const log = new MailLogRepository(db);
  const zoneOf = (p: Person) => p.timeZone ?? config.ORG_TIME_ZONE;
  /** Who reads the mail, in their zone and language (their own, else the organisation's). */
  const addressee = (p: Person) => ({ name: p.name, timeZone: zoneOf(p), locale: effectiveLocale(p.locale, config.DEFAULT_LOCALE) });

  /** Claim, render (after the claim, so a link is only issued by the attempt that sends), send, mark. */
  async function deliver(opts: DeliverRequest): Promise<{ sent: boolean; reason?: string }> {
    const messageId = messageIdFor(config.MAIL_FROM, opts.eventKey, opts.recipient.id, opts.kind);
    const claim = await log.claim({
      eventKey: opts.eventKey,
      recipientId: opts.recipient.id,
      recipientEmail: opts.recipient.email,
      kind: opts.kind,
      contractId: opts.contractId,
      taskId: opts.taskId,
      messageId,
    });
    if (claim.state === 'sent') return { sent: true, reason: 'ALREADY_SENT' };
    // Another attempt holds the claim and may be talking to SMTP right now; the retry will see its outcome.
    if (claim.state === 'busy') throw new Error(`mail ${opts.eventKey} to ${opts.recipient.username} is being sent by another attempt`);
    try {
      const { mail, linkId } = await opts.render();
      const sentAt = new Date().toISOString();
      await transport.send({
        from: config.MAIL_FROM,
        to: { name: opts.recipient.name, address: opts.recipient.email },
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId,
        references: `<${opts.taskId ? `task-${opts.taskId}` : `contract-${opts.contractId}`}@${mailDomain(config.MAIL_FROM)}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Greenlight-Event': opts.eventKey },
      });
      await log.markSent(opts.eventKey, opts.recipient.id, mail.subject, {
        eventKey: `mail:${opts.eventKey}:${opts.recipient.id}`,
        type: AUDIT_EVENT_TYPES.MAIL_SENT,
        contractId: opts.contractId,
        actorKind: 'system',
        actorId: null,
        revision: opts.revision,
        stepKey: opts.stepKey,
        occurredAt: sentAt,
        origin: null,
        data: {
          kind: opts.kind,
          mailEventKey: opts.eventKey,
          recipientId: opts.recipient.id,
          to: opts.recipient.email,
          subject: mail.subject,
          messageId,
          taskId: opts.taskId,
          linkId,
          attempt: claim.attempt,
        },
      });
      deps.logger?.info(
        { event: 'mail_sent', kind: opts.kind, contractId: opts.contractId, taskId: opts.taskId, to: opts.recipient.username, messageId, mailEventKey: opts.eventKey, attempt: claim.attempt },
        'mail sent',
      );
      return { sent: true };
    } catch (err) {
      await log.release(opts.eventKey, opts.recipient.id, err instanceof Error ? err.message : String(err)).catch(() => undefined);
      throw err;
    }
  }

  async function taskProps(ctx: TaskContext, recipient: Person, eventKey: string): Promise<{ base: TaskMailBase; linkId: string }> {
    const token = deriveTaskLinkToken(config.TOKEN_SECRET, eventKey, recipient.id);
    const link = await links.issue({
      tokenHash: hashTaskLinkToken(token),
      taskId: ctx.taskId,
      userId: recipient.id,
      contractId: ctx.contractId,
      revision: ctx.revision,
      mailEventKey: eventKey,
      ttlHours: config.TASK_LINK_TTL_HOURS,
    });
    return {
      linkId: link.id,
      base: {
        recipient: addressee(recipient),
        contract: ctx.contract,
        why: ctx.why,
        dueAt: ctx.dueAt,
        // The mailed token is the link's fresh random one; the derived value only keys the row.
        link: { url: taskLinkUrl(config.PUBLIC_BASE_URL, link.token), expiresAt: link.expiresAt.toISOString() },
        appUrl: taskAppUrl(config.PUBLIC_BASE_URL, ctx.taskId),
      },
    };
  }

  /** After the fact, to the others who could have decided: no link, nothing to do. */
  async function sendDecidedElsewhere(input: TaskMailInput, ctx: TaskContext): Promise<{ sent: boolean; reason?: string }> {
    if (ctx.status === 'cancelled') return { sent: false, reason: 'TASK_CANCELLED' };
    // The workflow mails before its closeTask write lands; the retry finds the decision recorded.
    if (ctx.status !== 'decided' || !ctx.decision) throw new Error(`task ${ctx.taskId} is not recorded as decided yet`);
    if (!input.toUserId) return { sent: false, reason: 'NO_RECIPIENT' };
    const recipient = await data.person(input.toUserId);
    if (!recipient) return { sent: false, reason: 'RECIPIENT_NOT_FOUND' };
    const decider = ctx.decidedById ? await data.person(ctx.decidedById) : null;
    return deliver({
      eventKey: input.eventKey,
      kind: input.kind,
      recipient,
      contractId: ctx.contractId,
      taskId: ctx.taskId,
      revision: ctx.revision,
      stepKey: ctx.stepKey,
      render: async () => ({
        linkId: null,
        mail: taskDecidedElsewhereTemplate({
          recipient: addressee(recipient),
          contract: ctx.contract,
          stepName: ctx.why.stepName,
          decision: ctx.decision as 'approve',
          // A decision by rule keeps the rule id in the comment column (see closeTask).
          byName: decider?.name ?? `rule ${ctx.comment ?? 'timeout_auto_approved'}`,
          at: ctx.decidedAt ?? new Date().toISOString(),
          comment: decider ? ctx.comment : null,
        }),
      }),
    });
  }

  return {
    async sendTaskMail(input: TaskMailInput) {
      const ctx = await data.taskContext(input.taskId);
      if (!ctx) return { sent: false, reason: 'TASK_NOT_FOUND' };
      if (input.kind === 'task_decided_elsewhere') return sendDecidedElsewhere(input, ctx);
      if (input.kind === 'escalation_exhausted') return sendEscalationExhausted({ db, person: (id) => data.person(id), addressee, deliver, publicBaseUrl: config.PUBLIC_BASE_URL }, input, ctx);
      // A task decided or cancelled while this mail waited (e.g. for SMTP) needs no mail.
      if (ctx.status !== 'open') return { sent: false, reason: ctx.status === 'decided' ? 'TASK_DECIDED' : 'TASK_CANCELLED' };
      const recipientId = input.kind === 'task_escalated' ? input.toUserId : (input.toUserId ?? ctx.assigneeId);
      if (!recipientId) return { sent: false, reason: 'NO_RECIPIENT' };
      const recipient = await data.person(recipientId);
      if (!recipient) return { sent: false, reason: 'RECIPIENT_NOT_FOUND' };

      return deliver({
        eventKey: input.eventKey,
        kind: input.kind,
        recipient,
        contractId: ctx.contractId,
        taskId: ctx.taskId,
        revision: ctx.revision,
        stepKey: ctx.stepKey,
        render: async () => {
          const { base, linkId } = await taskProps(ctx, recipient, input.eventKey);
          switch (input.kind) {
            case 'task_assigned': {
              const returned = await data.returnedTo(ctx.contractId, ctx.stepKey, ctx.revision);
              const by = returned ? await data.person(returned.byUserId) : null;
              return { linkId, mail: taskAssignedTemplate({ ...base, returned: returned && { byName: by?.name ?? returned.byUserId, fromStepName: returned.fromStepName, comment: returned.comment } }) };
            }
            case 'task_reminder':
              return { linkId, mail: taskReminderTemplate({ ...base, fraction: input.fraction ?? 0.5 }) };
            case 'task_escalated': {
              const assignee = await data.person(ctx.assigneeId);
              return { linkId, mail: taskEscalatedTemplate({ ...base, level: input.escalationLevel ?? 1, assigneeName: assignee?.name ?? 'the assignee' }) };
            }
            case 'task_delegated': {
              const delegation = await data.lastDelegation(ctx.contractId, ctx.taskId);
              const from = delegation?.fromUserId ? await data.person(delegation.fromUserId) : null;
              return { linkId, mail: taskDelegatedTemplate({ ...base, fromName: from?.name ?? null, comment: delegation?.comment ?? null }) };
            }
            case 'task_urged':
              return { linkId, mail: taskUrgedTemplate({ ...base, repName: ctx.contract.submitterName, note: input.note ?? null }) };
            default:
              throw new Error(`unknown task mail kind ${String(input.kind)}`);
          }
        },
      });
    },

    async sendRepMail(input: RepMailInput) {
      const loaded = await data.contractFacts(input.contractId);
      if (!loaded) return { sent: false };
      const rep = await data.person(loaded.submitterId);
      if (!rep) return { sent: false };
      const result = await deliver({
        eventKey: input.eventKey,
        kind: input.kind,
        recipient: rep,
        contractId: input.contractId,
        taskId: null,
        revision: loaded.facts.revision,
        stepKey: null,
        render: async () => {
          const times = await data.contractTimes(input.contractId);
          const base = { recipient: addressee(rep), contract: loaded.facts, at: times.completedAt ?? times.reworkSince ?? new Date().toISOString() };
          switch (input.kind) {
            case 'contract_approved':
              return { linkId: null, mail: contractApprovedTemplate({ ...base, orderNumber: times.orderNumber }) };
            case 'contract_rejected': {
              const notes = await data.reviewerNotes(input.contractId, 'rejected');
              return { linkId: null, mail: contractRejectedTemplate({ ...base, notes: withComment(notes, input.comment) }) };
            }
            case 'changes_requested': {
              const notes = await data.reviewerNotes(input.contractId, 'changes_requested');
              const problems = input.problems ?? [];
              // A rule's return (intake problems) lists its problems below; its reason needs no second quote.
              const reviewerNotes = problems.length ? notes.filter((n) => !n.byName.startsWith('rule ')) : withComment(notes, input.comment);
              return { linkId: null, mail: changesRequestedTemplate({ ...base, notes: reviewerNotes, problems }) };
            }
            case 'contract_withdrawn':
              return { linkId: null, mail: contractWithdrawnTemplate({ ...base, reason: input.comment ?? null }) };
            case 'revision_reminder': {
              const notes = await data.reviewerNotes(input.contractId, 'changes_requested');
              return { linkId: null, mail: revisionReminderTemplate({ ...base, since: times.reworkSince ?? base.at, withdrawAt: input.at ?? null, notes }) };
            }
            case 'order_shipped': {
              const order = await data.erpOrderNumbers(input.contractId);
              if (!order?.erpOrderNumber) throw new Error(`contract ${input.contractId} has no ERP order to report shipped`);
              return { linkId: null, mail: orderShippedTemplate({ ...base, at: input.at ?? base.at, orderNumber: order.orderNumber, erpOrderNumber: order.erpOrderNumber }) };
            }
            default:
              throw new Error(`unknown rep mail kind ${String(input.kind)}`);
          }
        },
      });
      return { sent: result.sent };
    },

    sendCcMails: (input) => sendCcMails({ db, person: (id) => data.person(id), contractFacts: (id, revision) => data.contractFacts(id, revision), addressee, deliver, publicBaseUrl: config.PUBLIC_BASE_URL }, input),

    close: () => transport.close(),
  };
}

/** The workflow's comment, when no step row carries it (it normally does). */
function withComment(notes: { stepName: string; byName: string; comment: string; at: string | null }[], comment: string | undefined) {
  if (!comment || notes.some((n) => n.comment === comment)) return notes;
  return [...notes, { stepName: 'Review', byName: 'a reviewer', comment, at: null }];
}
