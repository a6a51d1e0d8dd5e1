// GET /api/tasks and GET /api/tasks/:id answer exactly the TaskView the OpenAPI document declares
// (src/tasks/task.dto.ts; the web app's approver pages read it through web/src/api/schema.d.ts),
// and its `rag` is the domain's colour (src/domain/sla/rag.ts) of the time from the task's
// creation to its due time, at the server's clock while it is open. Real workflow, API, database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, startTestStack, type TestStack } from '../support/stack';
import { openTask, PUBLIC_BASE_URL, submitLegalContract, usernameOf } from '../task-links/support';

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; $ref?: string; items?: Schema; allOf?: Schema[]; enum?: unknown[]; nullable?: boolean };
const doc = JSON.parse(readFileSync(join(__dirname, '../../web/src/api/openapi.json'), 'utf8')) as { components: { schemas: Record<string, Schema> } };
const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s.allOf?.length === 1 ? resolve(s.allOf[0]) : s);

/** The paths where `value` does not have the shape `schema` declares: missing or undeclared keys, wrong types, values outside an enum. */
function mismatches(value: unknown, schema: Schema, path = '$'): string[] {
  const s = resolve(schema);
  if (value === null) return schema.nullable || s.nullable ? [] : [`${path}: null`];
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`];
  if (s.type === 'array') return Array.isArray(value) ? value.flatMap((v, i) => mismatches(v, s.items!, `${path}[${i}]`)) : [`${path}: not an array`];
  if (s.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
    const v = value as Record<string, unknown>;
    return [
      ...(s.required ?? []).filter((k) => !(k in v)).map((k) => `${path}.${k}: missing`),
      ...Object.keys(v).filter((k) => !(k in s.properties!)).map((k) => `${path}.${k}: not declared`),
      ...Object.entries(v).filter(([k]) => k in s.properties!).flatMap(([k, x]) => mismatches(x, s.properties![k], `${path}.${k}`)),
    ];
  }
  if (s.type === 'integer') return Number.isInteger(value) ? [] : [`${path}: not an integer`];
  if (s.type && s.type !== 'object' && typeof value !== s.type) return [`${path}: ${typeof value}, not ${s.type}`];
  return [];
}

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL } });
});

afterAll(async () => {
  await stack?.stop();
});

test('the task list and one task match the declared TaskView, and rag follows the domain rule at the server clock', async () => {
  const api = http(stack.baseUrl!);
  const contract = await submitLegalContract(stack.baseUrl!, 'Task view');
  const task = await openTask(stack.db, contract.id, 'legal_review');
  const as = { token: `dev-${usernameOf(task.assignee_id)}` };

  const list = await api('GET', '/api/tasks', as);
  expect(list.status).toBe(200);
  const mine = (list.body as { id: string }[]).find((t) => t.id === task.id);
  expect(mine).toBeDefined();
  expect(mismatches(mine, doc.components.schemas.TaskView)).toEqual([]);
  expect(mine).toMatchObject({ contractId: contract.id, stepKey: 'legal_review', status: 'open', canDecide: true, contract: { title: contract.title }, rag: 'green' });

  const one = await api('GET', `/api/tasks/${task.id}`, as);
  expect(one.status).toBe(200);
  expect(mismatches(one.body, doc.components.schemas.TaskView)).toEqual([]);
  expect(one.body).toEqual(mine);

  // Three of four hours used: past two thirds, amber. Past the due time: red.
  await stack.db.query(`UPDATE tasks SET created_at = now() - interval '3 hours', due_at = now() + interval '1 hour' WHERE id = $1`, [task.id]);
  expect((await api('GET', `/api/tasks/${task.id}`, as)).body.rag).toBe('amber');
  await stack.db.query(`UPDATE tasks SET due_at = now() - interval '1 minute' WHERE id = $1`, [task.id]);
  expect((await api('GET', `/api/tasks/${task.id}`, as)).body.rag).toBe('red');
  // The submitter sees the task too, and may not decide it.
  const asRep = await api('GET', `/api/tasks/${task.id}`, { token: 'dev-alice' });
  expect(asRep.status).toBe(200);
  expect(asRep.body).toMatchObject({ canDecide: false, rag: 'red' });
});
