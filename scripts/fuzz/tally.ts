// Counting for `npm run fuzz` (scripts/fuzz.ts): every request schemathesis sent is in its HAR
// report with the status of the answer, or status 0 when none came (the per-request timeout
// passed, or the connection failed): those are the hung requests. Pure functions over the
// report's entries, so the verdict can be tested without servers.

export const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

export interface Tally {
  operations: Set<string>;
  requests: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx', number>;
  hung: number;
  /** Per operation: count and first example of 5xx or no answer. */
  problems: Map<string, { status: number; count: number; example: string }>;
}

export const newTally = (): Tally => ({ operations: new Set(), requests: 0, byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, hung: 0, problems: new Map() });

export interface HarEntry {
  request: { method: string; url: string; postData?: { text?: string } };
  response: { status: number; content?: { text?: string } };
}

/**
 * Names each request by the documented operation it targets (method and path template), so the
 * counts can be read per operation. Requests with a method the document does not list (the
 * coverage phase tries TRACE, PUT, ... on every path) count as requests, not as operations.
 */
export function operationNamer(doc: { paths?: Record<string, object> }): (method: string, url: string) => { name: string; documented: boolean } {
  const templates = Object.entries(doc.paths ?? {}).map(([path, ops]) => ({
    path,
    methods: new Set(Object.keys(ops).filter((k) => HTTP_METHODS.has(k)).map((m) => m.toUpperCase())),
    re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`),
  }));
  // Literal paths first: /api/users/me before a templated sibling.
  templates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  return (method, url) => {
    const path = new URL(url).pathname;
    const upper = method.toUpperCase();
    const hit = templates.find((t) => t.re.test(path) && t.methods.has(upper)) ?? templates.find((t) => t.re.test(path));
    const documented = hit?.methods.has(upper) ?? false;
    return { name: `${upper} ${hit?.path ?? path}${documented ? '' : ' (undocumented method)'}`, documented };
  };
}

export function tallyEntries(into: Tally, entries: HarEntry[], name: ReturnType<typeof operationNamer>): void {
  for (const entry of entries) {
    const { name: operation, documented } = name(entry.request.method, entry.request.url);
    const status = entry.response.status;
    if (documented) into.operations.add(operation);
    into.requests++;
    if (status === 0) into.hung++;
    else if (status >= 500) into.byClass['5xx']++;
    else if (status >= 400) into.byClass['4xx']++;
    else if (status >= 300) into.byClass['3xx']++;
    else into.byClass['2xx']++;
    if (status === 0 || status >= 500) {
      const key = `${operation} -> ${status === 0 ? 'no answer' : status}`;
      const seen = into.problems.get(key);
      if (seen) seen.count++;
      else {
        const body = entry.request.postData?.text;
        const example = `${entry.request.method} ${entry.request.url}${body ? `\n      body: ${body.length > 400 ? `${body.slice(0, 400)}…` : body}` : ''}`;
        into.problems.set(key, { status, count: 1, example });
      }
    }
  }
}

export function merge(into: Tally, from: Tally): void {
  for (const op of from.operations) into.operations.add(op);
  into.requests += from.requests;
  into.hung += from.hung;
  for (const k of Object.keys(into.byClass) as (keyof Tally['byClass'])[]) into.byClass[k] += from.byClass[k];
  for (const [key, p] of from.problems) {
    const seen = into.problems.get(key);
    if (seen) seen.count += p.count;
    else into.problems.set(key, { ...p });
  }
}

export function row(label: string, t: Tally): string {
  return `${label.padEnd(20)} ${String(t.operations.size).padStart(10)} ${String(t.requests).padStart(9)} ${String(t.byClass['2xx']).padStart(7)} ${String(t.byClass['3xx']).padStart(5)} ${String(t.byClass['4xx']).padStart(7)} ${String(t.byClass['5xx']).padStart(6)} ${String(t.hung).padStart(5)}`;
}

export function header(): string {
  return `${'as'.padEnd(20)} ${'operations'.padStart(10)} ${'requests'.padStart(9)} ${'2xx'.padStart(7)} ${'3xx'.padStart(5)} ${'4xx'.padStart(7)} ${'5xx'.padStart(6)} ${'hung'.padStart(5)}`;
}

export interface RunOutcome {
  label: string;
  /** schemathesis' exit code; null when it was stopped by a signal or never ran. */
  exitCode: number | null;
  /** false when the time budget stopped it, or ran out before it started. */
  finished: boolean;
  tally: Tally;
  outputFile: string;
}

/** Why the fuzz run fails; empty when it passes. */
export function verdict(input: { total: Tally; runs: RunOutcome[]; requestTimeoutS: number; maxMinutes: number }): string[] {
  const { total, runs } = input;
  const failures: string[] = [];
  if (total.byClass['5xx']) failures.push(`${total.byClass['5xx']} responses with status 5xx`);
  if (total.hung) failures.push(`${total.hung} requests with no answer within ${input.requestTimeoutS} s`);
  if (runs.some((r) => !r.finished)) failures.push(`the time budget of ${input.maxMinutes} minutes ran out before ${runs.filter((r) => !r.finished).map((r) => r.label).join(', ')} finished`);
  for (const r of runs) {
    // With only not_a_server_error checked, schemathesis fails for 5xx and timeouts (counted
    // above) or for errors of its own (schema, network), which its output names.
    if (r.finished && r.exitCode !== 0 && !r.tally.byClass['5xx'] && !r.tally.hung) failures.push(`schemathesis failed for ${r.label} (exit ${r.exitCode}); see ${r.outputFile}`);
  }
  return failures;
}
