// Attention flags and last session's history events in real Chromium against the real stack, in
// English and Chinese: a contract whose legal review's escalation ran out of managers shows the
// notice (step, level, since when in the organisation's zone) on its page; ops' "all contracts"
// list filters to flagged contracts (attention=true) and marks their rows; the history labels the
// revision reminder, the approvers' joint decision, an added approver, the exhausted escalation
// and the revision timeout's withdrawal with what their data say. The flag and the events are
// written as their writers write them (contracts.attention, the audit trail), since an escalation
// running out or a timeout passing takes business days. axe-core on both pages. A private database.
import { insertAuditEvents } from '../../src/audit/audit.repository';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import { REVISION_TIMEOUT_RULE_ID, revisionTimeoutReason } from '../../src/domain/sla/revision-timeout';
import { waitFor } from '../support/wait';
import { openTask, submitLegalContract } from '../task-links/support';
import { expectAccessible } from './support/axe';
import { type BrowserStack, type Language, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(300_000);

const ORG_ZONE = 'Asia/Shanghai';
const SINCE = '2026-12-01T06:02:00.000Z'; // 14:02 in Shanghai
const WITHDRAW_AT = '2026-12-14T02:00:00.000Z'; // 10:00 in Shanghai

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_attention' });
});
afterAll(async () => {
  await b?.stop();
});

const normalise = (s: string | null) => (s ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();
const when = (iso: string, language: Language) => normalise(new Intl.DateTimeFormat(language, { timeZone: ORG_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));

test('a flagged contract shows its notice and its new history events, and ops filter the list to flagged contracts, in both languages', async () => {
  const flagged = await submitLegalContract(b.stack.baseUrl!, 'Attention');
  const calm = await submitLegalContract(b.stack.baseUrl!, 'No attention');
  const task = await openTask(b.stack.db, flagged.id, 'legal_review');
  await openTask(b.stack.db, calm.id, 'legal_review');
  const [added] = await b.stack.db.query(`SELECT id, display_name FROM users WHERE id <> $1 AND username <> 'alice' ORDER BY username LIMIT 1`, [task.assignee_id]);
  const [assignee] = await b.stack.db.query(`SELECT display_name FROM users WHERE id = $1`, [task.assignee_id]);

  // The escalation activity's flag and event (activities/contract.activities.ts flagEscalationExhausted).
  const flag = { kind: 'escalation_exhausted', taskId: task.id, step: 'legal_review', level: 2, assigneeId: task.assignee_id, since: SINCE };
  await b.stack.db.query(`UPDATE contracts SET attention = $2::jsonb WHERE id = $1`, [flagged.id, JSON.stringify([flag])]);
  const event = (key: string, type: string, data: Record<string, unknown>, actor: { kind: 'system' | 'rule' | 'user'; id: string | null } = { kind: 'system', id: null }) => ({
    eventKey: `${flagged.id}:test:${key}`,
    type: type as (typeof AUDIT_EVENT_TYPES)[keyof typeof AUDIT_EVENT_TYPES],
    contractId: flagged.id,
    actorKind: actor.kind,
    actorId: actor.id,
    revision: 1,
    stepKey: key === 'reminder' || key === 'withdrawn' ? null : 'legal_review',
    occurredAt: SINCE,
    data,
  });
  await insertAuditEvents(b.stack.db.manager, [
    event('exhausted', AUDIT_EVENT_TYPES.ESCALATION_EXHAUSTED, { taskId: task.id, level: 2, assigneeId: task.assignee_id, note: 'no manager left' }),
    event('reminder', AUDIT_EVENT_TYPES.REVISION_REMINDER_SENT, { since: SINCE, afterBusinessHours: 16, withdrawAt: WITHDRAW_AT, withdrawAfterBusinessHours: 80 }),
    event('added', AUDIT_EVENT_TYPES.APPROVER_ADDED, { stepKey: 'adhoc_1', stepName: 'Added approver', stepAfter: 'legal_review', userId: added.id, role: null, reason: 'Check the export licence' }, { kind: 'user', id: task.assignee_id }),
    event('approvers', AUDIT_EVENT_TYPES.STEP_APPROVERS_DECIDED, {
      mode: 'all',
      required: 2,
      outcome: 'approved',
      approvals: 2,
      rejections: 0,
      approvers: [
        { userId: task.assignee_id, taskId: task.id, status: 'approved', decidedById: task.assignee_id },
        { userId: added.id, taskId: task.id, status: 'approved', decidedById: added.id },
      ],
    }),
    event('withdrawn', AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN, { comment: revisionTimeoutReason(80), policyVersion: 'slim-2026.12.2' }, { kind: 'rule', id: REVISION_TIMEOUT_RULE_ID }),
  ]);
  expect(assignee.display_name).toBeTruthy();

  const expected: Record<Language, { notice: string; labels: string[]; filter: string; marker: string }> = {
    en: {
      notice: `Needs ops attention: the escalation of Legal review found no manager above level 2 (since ${when(SINCE, 'en')})`,
      labels: [
        'Escalation found no manager above level 2: ops were told',
        `Rep reminded to revise: without a revision the contract is withdrawn automatically on ${when(WITHDRAW_AT, 'en')}`,
        `Approver added after Legal review: ${added.display_name} — “Check the export licence”`,
        'Approvers decided the step: approved — Countersign (all must approve): 2/2 approved',
        'Contract withdrawn automatically: no revision within the time the policy allows after the request for changes',
      ],
      filter: 'Needs attention only',
      marker: 'Needs attention: escalation of Legal review found no manager above level 2',
    },
    'zh-CN': {
      notice: `需要运营处理：法务审核的升级已无上级可找（第 2 级，自 ${when(SINCE, 'zh-CN')}）`,
      labels: [
        '升级已无上级可找（第 2 级）：已通知运营',
        `已提醒销售修改：若仍未修改，合同将于 ${when(WITHDRAW_AT, 'zh-CN')} 自动撤回`,
        `已在法务审核之后加签：${added.display_name}——“Check the export licence”`,
        '审批人已共同决定该步骤：已同意——会签 2/2 已同意',
        '合同已自动撤回：要求修改后在政策规定的期限内未修改',
      ],
      filter: '仅看需要处理的',
      marker: '需要处理：法务审核的升级已无上级可找（第 2 级）',
    },
  };

  for (const language of ['en', 'zh-CN'] as const) {
    const want = expected[language];
    // The rep's contract page: the notice, and the history's labels.
    const alice = await b.openAs('alice', { language });
    await alice.page.goto(`/contracts/${flagged.id}`);
    const notice = alice.page.locator('[data-attention="escalation_exhausted"]');
    await notice.waitFor();
    expect(normalise(await notice.textContent())).toBe(normalise(want.notice));
    const labels = (await alice.page.locator('section[aria-labelledby="history-heading"] tbody tr td:nth-of-type(2)').allTextContents()).map(normalise);
    for (const label of want.labels) expect(labels).toContain(normalise(label));
    // No raw event type is left unlabelled.
    expect(labels.filter((l) => /^[A-Z_]+$/.test(l))).toEqual([]);
    await screenshot(alice, 'contract-attention');
    await expectAccessible(alice.page, `/contracts/:id with an attention flag (${language})`);
    // An unflagged contract shows no notice.
    await alice.page.goto(`/contracts/${calm.id}`);
    await alice.page.locator('section[aria-labelledby="history-heading"]').waitFor();
    expect(await alice.page.locator('[data-attention]').count()).toBe(0);

    // Ops' list: both contracts, then only the flagged one, marked; the request says attention=true.
    const olivia = await b.openAs('olivia', { language });
    await olivia.page.goto('/ops/contracts');
    const flaggedRow = olivia.page.locator(`tr[data-contract-id="${flagged.id}"]`);
    const calmRow = olivia.page.locator(`tr[data-contract-id="${calm.id}"]`);
    await flaggedRow.waitFor();
    await calmRow.waitFor();
    expect(normalise(await flaggedRow.locator('[data-attention="escalation_exhausted"]').textContent())).toBe(normalise(want.marker));
    expect(await calmRow.locator('[data-attention]').count()).toBe(0);
    await olivia.page.getByLabel(want.filter).check();
    const [request] = await Promise.all([
      olivia.page.waitForRequest((r) => r.url().includes('/api/contracts?') && r.url().includes('attention=true')),
      olivia.page.locator('form.filters button[type=submit]').click(),
    ]);
    expect(new URL(request.url()).searchParams.get('attention')).toBe('true');
    await calmRow.waitFor({ state: 'detached' });
    await waitFor(async () => (await olivia.page.locator('tr[data-contract-id]').count()) === 1 && (await flaggedRow.count()) === 1, 'only the flagged contract listed');
    await screenshot(olivia, 'contracts-needing-attention');
    await expectAccessible(olivia.page, `/ops/contracts filtered to attention (${language})`);
  }
});
