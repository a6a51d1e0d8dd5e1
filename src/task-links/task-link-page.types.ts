// What the task page's service works with: the request and page shapes the controller passes,
// the verdict on a link, which refusals are final, and the catalogue keys of what each refusal shows.
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

/** The catalogue keys (src/mail/templates/i18n, under page.refusals) of a refusal's heading and message. */
export const refusalKeys = (code: RefusalCode): { heading: string; message: string } => ({ heading: `page.refusals.${code}.heading`, message: `page.refusals.${code}.message` });

/** The catalogue key of the sentence saying why a link was superseded. */
export function supersededBecause(v: Extract<Verdict, { ok: false }>): string {
  if (!v.link) return 'page.superseded.oldFormat';
  if (v.task?.status === 'cancelled') return 'page.superseded.cancelled';
  if (v.task && v.link.revision !== v.task.contractRevision) return 'page.superseded.newerRevision';
  return 'page.superseded.reassigned';
}
