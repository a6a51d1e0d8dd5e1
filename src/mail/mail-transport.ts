// The SMTP edge, behind an interface so the notifier can be exercised with any transport. One
// connection per message (no pool): a worker sends a few mails a minute, and a dead pooled
// connection after an SMTP restart would only add a failed attempt. Timeouts keep every send
// well inside the activity's one-minute start-to-close timeout.
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  /** Deterministic per mail event and recipient, so a resend is recognisably the same message. */
  messageId: string;
  /** Threads every mail about one task (or one contract, for reps) together. */
  references?: string;
  headers?: Record<string, string>;
}

export interface MailTransport {
  /** Resolves once the SMTP server accepted the message; rejects on any failure. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response?: string }>;
  close(): void;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        ...(mail.references ? { references: mail.references, inReplyTo: mail.references } : {}),
        headers: mail.headers,
      });
      if (info.rejected?.length) {
        // Keep the server's reply code: a 5xx refusal is permanent and must not be retried (activities/failures.ts).
        const responseCode = (info as { rejectedErrors?: { responseCode?: number }[] }).rejectedErrors?.[0]?.responseCode;
        throw Object.assign(new Error(`SMTP server refused ${info.rejected.join(', ')}: ${info.response ?? ''}`), { responseCode });
      }
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transporter.close(),
  };
}
