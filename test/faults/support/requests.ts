// Every HTTP request the fault suite makes goes through here: it is given a deadline (the API's
// own bound on Temporal and database calls, plus a margin), and its outcome — status, latency,
// Retry-After, error code, or no answer at all — is recorded against the fault phase and the
// window (before the kill, while the server is down, after its restart) it was sent in.
import { jsonRequestInit } from '../../support/http';

export type Window = 'before' | 'during' | 'after';

export interface RequestRecord {
  phase: string;
  window: Window;
  /** e.g. "POST /api/contracts", "POST /api/tasks/:id/decision" (ids replaced). */
  route: string;
  /** The path as sent (with ids), and when: to find the request in the API's log. */
  path: string;
  sentAt: string;
  /** HTTP status, or 0 when no answer came within the deadline or the connection failed. */
  status: number;
  /** Why there was no answer: 'deadline' or the socket error code. */
  failure?: string;
  latencyMs: number;
  retryAfter: string | null;
  code?: string;
  /** A 409 TASK_ALREADY_DECIDED is an answer the suite expects for a retried decision. */
  retriedDecision?: boolean;
}

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export class RequestLog {
  readonly records: RequestRecord[] = [];
  phase = 'setup';
  window: Window = 'before';

  constructor(
    private readonly baseUrl: string,
    /** Deadline of every request, in ms. */
    readonly deadlineMs: number,
  ) {}

  /**
   * Sends one request; never throws for HTTP or network trouble. A request that gets no answer
   * within the deadline is aborted and recorded with status 0.
   */
  async call(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; retriedDecision?: boolean } = {},
  ): Promise<ApiResponse> {
    const started = performance.now();
    const window = this.window;
    const record: RequestRecord = {
      phase: this.phase,
      window,
      route: `${method} ${routeOf(path)}`,
      path,
      sentAt: new Date().toISOString(),
      status: 0,
      latencyMs: 0,
      retryAfter: null,
    };
    if (opts.retriedDecision) record.retriedDecision = true;
    try {
      const res = await fetch(this.baseUrl + path, jsonRequestInit(method, opts, AbortSignal.timeout(this.deadlineMs)));
      const text = await res.text();
      record.status = res.status;
      record.latencyMs = performance.now() - started;
      record.retryAfter = res.headers.get('retry-after');
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      if (body && typeof body === 'object' && typeof body.code === 'string') record.code = body.code;
      this.records.push(record);
      return { status: res.status, body, headers: res.headers };
    } catch (err) {
      record.latencyMs = performance.now() - started;
      record.failure = failureOf(err);
      this.records.push(record);
      return { status: 0, body: { failure: record.failure }, headers: new Headers() };
    }
  }
}

function failureOf(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'deadline';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The route template of a path: ids become :id, the query string is dropped. */
export function routeOf(path: string): string {
  return path.split('?')[0].replace(UUID, ':id');
}
