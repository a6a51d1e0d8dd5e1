// The API client, typed by the OpenAPI document the API publishes (schema.d.ts is generated from it:
// `npm run gen:api`), so an API change that breaks a page fails `npm run typecheck`.
// Same origin: the session cookie travels by itself; every state-changing request also carries the
// session's CSRF token (X-CSRF-Token), which the API checks for cookie-authenticated calls.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called when any request answers 401 (session expired or signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function withCsrf(request: Request): Request {
  if (csrfToken && UNSAFE_METHODS.has(request.method.toUpperCase())) request.headers.set('X-CSRF-Token', csrfToken);
  return request;
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    return withCsrf(request);
  },
  onResponse({ response, request }) {
    // The session endpoints answer 401 as their normal "not signed in"; only other calls mean "expired".
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/session')) onUnauthenticated?.();
    return response;
  },
};

export const client = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
client.use(sessionMiddleware);

/** The API's error body (src/common/error.filter.ts). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; rule: string; message: string }[];
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }

  /** Field errors by field path (`customer.name`, `lines[0].unitPrice`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.body.errors ?? []) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
    return out;
  }
}

export function toApiError(response: Response, body: unknown): ApiError {
  const known = body && typeof body === 'object' && 'code' in body ? (body as ApiErrorBody) : undefined;
  return new ApiError(response.status, known ?? { statusCode: response.status, code: `HTTP_${response.status}`, message: response.statusText || 'Request failed' });
}

/** Unwraps an openapi-fetch result whose response the OpenAPI document types: the data, or an ApiError. */
export async function typed<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}

/**
 * Unwraps an openapi-fetch result: the data on success, an ApiError otherwise. The API's
 * controllers declare no response schemas yet, so the caller names the response type (api/types.ts).
 */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}
