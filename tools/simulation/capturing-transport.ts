// The simulator's mail edge: the real notifier renders and logs every mail (mail_log rows, task
// links, MAIL_SENT audit events) and hands it to this transport, which only counts it. Injected
// into the worker through createWorker's deps, so no SMTP server runs: tens of thousands of task
// mails would otherwise spend most of a simulation in SMTP conversations.
import type { MailTransport, OutgoingMail } from '../../src/mail/mail-transport';

export interface CapturingTransport extends MailTransport {
  /** Messages accepted so far. */
  count(): number;
  /** Messages accepted so far per recipient address. */
  countsByRecipient(): ReadonlyMap<string, number>;
  /** The last message accepted, for a look at what was rendered. */
  last(): OutgoingMail | undefined;
}

export function createCapturingTransport(): CapturingTransport {
  let accepted = 0;
  let last: OutgoingMail | undefined;
  const byRecipient = new Map<string, number>();
  return {
    async send(mail) {
      accepted++;
      last = mail;
      byRecipient.set(mail.to.address, (byRecipient.get(mail.to.address) ?? 0) + 1);
      return { messageId: mail.messageId, response: '250 captured' };
    },
    close: () => undefined,
    count: () => accepted,
    countsByRecipient: () => byRecipient,
    last: () => last,
  };
}
