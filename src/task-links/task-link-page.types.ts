// What the task page's service works with: the request and page shapes the controller passes,
// the verdict on a link, which refusals are final, and the sentences each refusal shows.
import { DomainErrorCode } from '../domain/errors';
import type { LinkedTask, TaskLinkRow } from './task-links.repository';

export const CSRF_COOKIE = 'gl_csrf';

export interface PageRequest {
  ip: string;
  userAgent: string | null;
  requestId: string | null;
  method: string;
  /** The gl_csrf cookie, if the browser sent one. */
  csrfCookie: string | undefined;
  /** The browser's Sec-Fetch-Site header, if any. */
  fetchSite: string | null;
}

export interface PageResult {
  status: number;
  html: string;
  /** A CSRF nonce to set as the gl_csrf cookie. */
  csrfCookie?: string;
  headers?: Record<string, string>;
}

export interface DecisionForm {
  decision?: unknown;
  comment?: unknown;
  csrf?: unknown;
}

export type RefusalCode =
  | DomainErrorCode.TOKEN_INVALID
  | DomainErrorCode.TOKEN_EXPIRED
  | DomainErrorCode.TOKEN_USED
  | DomainErrorCode.TOKEN_SUPERSEDED
  | DomainErrorCode.TASK_ALREADY_DECIDED;

export type Verdict =
  | { ok: true; tokenHash: string; link: TaskLinkRow; task: LinkedTask }
  | { ok: false; code: RefusalCode; detail: string; tokenHash: string | null; link: TaskLinkRow | null; task: LinkedTask | null };

/** Refusals from the workflow that another attempt would get again: the link stays used. */
export const FINAL_REFUSALS = new Set<string>([
  DomainErrorCode.TASK_ALREADY_DECIDED,
  DomainErrorCode.TASK_NOT_FOUND,
  DomainErrorCode.NOT_ASSIGNEE,
  DomainErrorCode.STALE_REVISION,
  DomainErrorCode.SELF_APPROVAL_FORBIDDEN,
  DomainErrorCode.CONTRACT_ALREADY_CLOSED,
  DomainErrorCode.CONTRACT_NOT_FOUND,
]);

export const DECISIONS = new Set(['approve', 'reject', 'request_changes']);

export const REFUSAL_TEXT: Record<RefusalCode, { heading: string; message: string }> = {
  [DomainErrorCode.TOKEN_INVALID]: { heading: 'Link not recognised', message: 'This link is not valid. Use the link from your most recent Greenlight e-mail.' },
  [DomainErrorCode.TOKEN_EXPIRED]: { heading: 'Link expired', message: 'This link has expired. Open the task from a newer Greenlight e-mail, or through the API.' },
  [DomainErrorCode.TOKEN_USED]: { heading: 'Link already used', message: 'This link has already been used; each link works once.' },
  [DomainErrorCode.TOKEN_SUPERSEDED]: { heading: 'Link no longer valid', message: 'This link has been replaced.' },
  [DomainErrorCode.TASK_ALREADY_DECIDED]: { heading: 'Already decided', message: 'This task has already been decided.' },
};

export function supersededBecause(v: Extract<Verdict, { ok: false }>): string {
  if (!v.link) return 'It is of an older format that is no longer accepted: open the task from a newer Greenlight e-mail, or in Greenlight under your open tasks.';
  if (v.task?.status === 'cancelled') return 'The task was cancelled.';
  if (v.task && v.link.revision !== v.task.contractRevision) return 'The contract has a newer revision; use the link from the newest e-mail.';
  return 'The task has been reassigned, or a newer link was sent.';
}
