// The tests' HTTP client: JSON in, status and JSON out, with a bearer token. No side effects, so
// suites that run no worker in-process (the fault suite) can use it too.

export interface JsonRequest {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** fetch() options for a JSON request with an optional bearer token. */
export function jsonRequestInit(method: string, opts: JsonRequest = {}, signal?: AbortSignal): RequestInit {
  return {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal,
  };
}

/**
 * A small HTTP client for e2e tests: JSON in, status and JSON out. With `timeoutMs` a request
 * that gets no answer is aborted (and the test fails) instead of hanging it.
 */
export function http(baseUrl: string, options: { timeoutMs?: number } = {}) {
  return async function request(method: string, path: string, opts: JsonRequest = {}) {
    const res = await fetch(baseUrl + path, jsonRequestInit(method, opts, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined));
    const text = await res.text();
    let body: any; // 
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };
}
