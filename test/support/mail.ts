// Reading caught mail in tests: Mailpit's JSON API (/api/v1) through its typed client
// `mailpit-api`. The integration tests' Mailpit is at MAILPIT_URL (global setup); the fault suite
// and the SMTP-outage test pass their own URL.
//
// A Mail joins what the list, summary and headers calls return. Messages never change once
// caught, so each is read in full once per Mailpit and kept.
import { MailpitClient, type MailpitEmailAddressResponse } from 'mailpit-api';
import { waitFor } from './wait';

export interface Mail {
  /** Mailpit's database id. */
  id: string;
  /** The Message-ID header as sent, with its angle brackets; '' if there was none. */
  messageId: string;
  /** Sender address (From header). */
  from: string;
  fromName: string;
  /** To header addresses. */
  to: string[];
  cc: string[];
  /** Envelope recipients that are in neither To nor Cc. */
  bcc: string[];
  /** Every envelope recipient: to, cc and bcc. */
  recipients: string[];
  subject: string;
  /** Date header, else the time of receipt (ISO 8601). */
  date: string;
  text: string;
  html: string;
  /** Header name in lower case -> value; a repeated header's values joined with '\n'. */
  headers: Record<string, string>;
}

export interface MailOptions {
  /** Mailpit's base URL; defaults to MAILPIT_URL. */
  url?: string;
}

const PAGE = 500;
const clients = new Map<string, MailpitClient>();
const cache = new Map<string, Promise<Mail>>();

function baseUrl(options: MailOptions = {}): string {
  const url = options.url ?? process.env.MAILPIT_URL;
  if (!url) throw new Error('MAILPIT_URL is not set: the integration tests\' global setup starts Mailpit and sets it');
  return url.replace(/\/+$/, '');
}

/** The typed client for a Mailpit (MAILPIT_URL by default), for calls this helper does not wrap. */
export function mailpit(options: MailOptions = {}): MailpitClient {
  const url = baseUrl(options);
  let client = clients.get(url);
  if (!client) clients.set(url, (client = new MailpitClient(url)));
  return client;
}

const addresses = (list: MailpitEmailAddressResponse[] | null | undefined): string[] => (list ?? []).map((a) => a.Address);

async function read(url: string, id: string): Promise<Mail> {
  const client = mailpit({ url });
  const [summary, rawHeaders] = await Promise.all([client.getMessageSummary(id), client.getMessageHeaders(id)]);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(rawHeaders)) headers[name.toLowerCase()] = (values as string[]).join('\n');
  const to = addresses(summary.To);
  const cc = addresses(summary.Cc);
  const bcc = addresses(summary.Bcc);
  return {
    id,
    messageId: headers['message-id'] ?? (summary.MessageID ? `<${summary.MessageID}>` : ''),
    from: summary.From?.Address ?? '',
    fromName: summary.From?.Name ?? '',
    to,
    cc,
    bcc,
    recipients: [...to, ...cc, ...bcc],
    subject: summary.Subject,
    date: summary.Date,
    text: summary.Text,
    html: summary.HTML,
    headers,
  };
}

function full(url: string, id: string): Promise<Mail> {
  const key = `${url} ${id}`;
  let mail = cache.get(key);
  if (!mail) {
    mail = read(url, id);
    cache.set(key, mail);
    mail.catch(() => cache.delete(key));
  }
  return mail;
}

/**
 * Every caught message, newest first; with `to`, only those with that envelope recipient (To,
 * Cc or Bcc, compared whole and case-insensitively).
 */
export async function listMail(to?: string, options: MailOptions = {}): Promise<Mail[]> {
  const url = baseUrl(options);
  const client = mailpit({ url });
  const ids: string[] = [];
  for (let start = 0; ; start += PAGE) {
    // Mailpit's address search is a substring match; the exact comparison is below.
    const page = to
      ? await client.searchMessages({ query: `addressed:"${to.replace(/"/g, '')}"`, start, limit: PAGE })
      : await client.listMessages(start, PAGE);
    ids.push(...page.messages.map((m) => m.ID));
    if (page.messages.length < PAGE) break;
  }
  const mails = await Promise.all(ids.map((id) => full(url, id)));
  const wanted = to?.toLowerCase();
  return wanted === undefined ? mails : mails.filter((m) => m.recipients.some((address) => address.toLowerCase() === wanted));
}

export interface WaitForMailOptions extends MailOptions {
  /** Only messages to this address (see listMail). */
  to?: string;
  /** Default 30 s. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
}

/** The newest message matching `predicate`, polling Mailpit until it arrives. */
export function waitForMail(predicate: (mail: Mail) => boolean, options: WaitForMailOptions = {}): Promise<Mail> {
  const what = options.what ?? `a mail${options.to ? ` to ${options.to}` : ''}`;
  return waitFor(async () => (await listMail(options.to, options)).find(predicate), what, { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 200 });
}

/** The message's source as received (headers and MIME body). */
export function mailSource(mail: Pick<Mail, 'id'>, options: MailOptions = {}): Promise<string> {
  return mailpit(options).getMessageSource(mail.id);
}

/** Deletes every message in that Mailpit. */
export async function deleteAllMail(options: MailOptions = {}): Promise<void> {
  await mailpit(options).deleteMessages();
}

/** The X-Greenlight-Event header (mail event key), '' if absent. */
export const eventOf = (mail: Pick<Mail, 'headers'>): string => mail.headers['x-greenlight-event'] ?? '';
