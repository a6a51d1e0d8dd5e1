// The repeated approver (审批人去重) with the real routing, PostgreSQL and SMTP on the time-skipping
// server, under the default policy (slim-2026.12.2: auto_approve_consecutive): the regional
// director rita is out of office with sam as her delegate, so the director's step of a contract
// with a discount over 20 % would go to sam, who has just approved it as sales manager. The step
// is approved by rule repeated_approver, with no task and no mail, and the history says why.
// rita's out-of-office is set on a database of this file's own, so no other file's director step meets it.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestStack } from '../support/stack';
import { withApiStack } from '../support/api-stack';
import { aContract, licences } from '../factories/contract.factory';
import { type Api, openTaskFor, settled, step, submit, token, usernameOf } from '../support/contracts';
import { userId } from '../../src/database/seed/demo-organisation';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;

withApiStack({ freshDatabase: 'gl_repeated_approver' }, (running) => ({ env, stack, api } = running));

test('the sales manager is rita’s delegate: the director step is approved by rule repeated_approver, no task, no mail', async () => {
  const now = await env.currentTimeMs();
  await stack.db.query(`UPDATE users SET ooo_from = $1, ooo_to = $2, ooo_delegate_id = $3 WHERE username = 'rita'`, [new Date(now - 86_400_000), new Date(now + 30 * 86_400_000), userId('sam')]);
  const id = await submit(api, aContract({ title: 'Repeated approver', ...licences(20, 7_900) }));
  let c = await settled(api, id, stack);
  const pricing = openTaskFor(c, 'pricing_review');
  expect((await api('POST', `/api/tasks/${pricing.id}/decision`, { token: token(await usernameOf(stack, pricing.assignee.id)), body: { decision: 'approve' } })).status).toBe(200);
  c = await settled(api, id, stack);
  const manager = openTaskFor(c, 'sales_manager_approval');
  expect(manager.assignee.id).toBe(userId('sam'));
  expect((await api('POST', `/api/tasks/${manager.id}/decision`, { token: token('sam'), body: { decision: 'approve' } })).status).toBe(200);
  c = await settled(api, id, stack);
  expect(c.status).toBe('approved');

  const director = step(c, 'regional_director_approval');
  expect(director).toMatchObject({ status: 'auto_approved', decidedBy: { kind: 'rule', id: 'repeated_approver' }, taskId: null });
  expect(director.reason).toMatch(/^Already approved as Sales manager approval at \d\d:\d\d on \d{4}-\d\d-\d\d \(Asia\/Shanghai\)/);
  expect(director.inputs.repeatedApprover).toMatchObject({ userId: userId('sam'), originalAssigneeId: userId('rita'), approvedStep: 'sales_manager_approval', setting: 'auto_approve_consecutive' });
  const tasks = await stack.db.query(`SELECT step_key FROM tasks WHERE contract_id = $1 ORDER BY created_at`, [id]);
  expect(tasks.map((t: { step_key: string }) => t.step_key)).toEqual(['pricing_review', 'sales_manager_approval']);
  // Sam got one task mail on this contract: the sales manager's.
  const mails = await stack.db.query(`SELECT kind FROM mail_log WHERE contract_id = $1 AND recipient_id = $2`, [id, userId('sam')]);
  expect(mails.map((m: { kind: string }) => m.kind)).toEqual(['task_assigned']);
  const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('alice') })).body;
  const event = history.find((e: any) => e.type === 'STEP_AUTO_APPROVED' && e.stepKey === 'regional_director_approval');
  expect(event).toMatchObject({ actor: { kind: 'rule', id: 'repeated_approver' } });
  expect(event.data.reason).toBe(director.reason);
});
