// Calls to API routes the generated schema does not describe yet (the session, the routing
// preview and the dashboard are being added server-side). The path type excludes every path the
// schema knows, so once `npm run gen:api` picks a route up, its call here stops compiling and
// moves to the typed `client`.
import { currentCsrfToken, toApiError } from './client';
import type { paths } from './schema';

type PendingPath = '/api/session' | '/api/session/demo-users' | '/api/contracts/preview';
type UntypedPath = Exclude<PendingPath, keyof paths>;

export async function untypedJson<T>(method: 'GET' | 'POST' | 'DELETE', path: UntypedPath, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = currentCsrfToken();
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw toApiError(response, parsed);
  return parsed as T;
}
