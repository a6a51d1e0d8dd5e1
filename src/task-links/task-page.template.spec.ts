import { SAMPLE_CONTRACT, SAMPLE_TASK, SAMPLE_WHY } from '../mail/templates/samples';
import { renderDecisionPage, renderOutcomePage } from './task-page.template';

describe('task page', () => {
  const page = renderDecisionPage({
    viewer: SAMPLE_TASK.recipient,
    onBehalfOf: null,
    contract: SAMPLE_CONTRACT,
    why: SAMPLE_WHY,
    dueAt: SAMPLE_TASK.dueAt,
    linkExpiresAt: SAMPLE_TASK.link.expiresAt,
    csrf: 'field"value',
  });

  it('is a form that only a pressed button submits, with no script and no default decision', () => {
    expect(page).not.toMatch(/<script|javascript:|onload=|onclick=/i);
    expect(page).toMatch(/<form method="post">/);
    expect(page).not.toMatch(/<form[^>]*action=/);
    expect(page).toContain('<input type="hidden" name="csrf" value="field&quot;value">');
    for (const decision of ['approve', 'request_changes', 'reject']) expect(page).toContain(`name="decision" value="${decision}"`);
    expect(page).not.toMatch(/<input[^>]*name="decision"/);
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('shows the summary: facts, reason, deviations and the deadline in the viewer’s zone', () => {
    expect(page).toContain('CNY 190,000.00');
    expect(page).toContain('5.00% off list');
    expect(page).toContain('legal_review.no_deviations');
    expect(page).toContain('Tue 24 Nov 2026, 10:00 (Europe/Berlin)');
    expect(page).toContain('Clause deviations');
  });

  it('says who decided what and when', () => {
    const html = renderOutcomePage({
      tone: 'warn',
      heading: 'Already decided',
      message: 'This task has already been decided.',
      timeZone: 'Asia/Shanghai',
      decided: { decision: 'reject', byName: 'Lee Huang', at: '2026-11-23T08:00:00Z', comment: 'No <way>' },
    });
    expect(html).toContain('Rejected by Lee Huang on Mon 23 Nov 2026, 16:00 (Asia/Shanghai). Comment: &quot;No &lt;way&gt;&quot;');
  });

  it('escapes an interpolated <script> in every field of both pages', () => {
    const x = '<script>alert(1)</script>';
    const contract = { ...SAMPLE_CONTRACT, title: x, customerName: x, submitterName: x };
    const why = { ...SAMPLE_WHY, stepName: x, reason: x, ruleId: x, routingNote: x, problems: [x] };
    const pages = [
      renderDecisionPage({ viewer: { name: x, timeZone: 'UTC' }, onBehalfOf: x, contract, why, dueAt: null, linkExpiresAt: SAMPLE_TASK.link.expiresAt, csrf: x, error: x, comment: x }),
      renderOutcomePage({ tone: 'error', heading: x, message: x, timeZone: 'UTC', decided: { decision: 'reject', byName: x, at: null, comment: x }, contract, stepName: x }),
    ];
    for (const html of pages) {
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('task page in Simplified Chinese (the viewer’s locale)', () => {
  const props = {
    viewer: { ...SAMPLE_TASK.recipient, locale: 'zh-CN' as const },
    onBehalfOf: 'Lee Huang',
    contract: SAMPLE_CONTRACT,
    why: SAMPLE_WHY,
    dueAt: SAMPLE_TASK.dueAt,
    linkExpiresAt: SAMPLE_TASK.link.expiresAt,
    csrf: 'csrf-field',
  };

  it('labels the form, the facts and the deadline in Chinese; the form posts the same decisions', () => {
    const page = renderDecisionPage(props);
    expect(page).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(page).toContain('当前决定人：<b>Lena Fischer</b>。');
    expect(page).toContain('该任务分派给 Lee Huang；已升级给您，您可以代为决定。');
    expect(page).toContain('<b>截止时间：</b> 2026年11月24日 周二 10:00 (Europe/Berlin)');
    expect(page).toContain('>批准</button>');
    expect(page).toContain('>要求修改</button>');
    expect(page).toContain('>驳回</button>');
    for (const decision of ['approve', 'request_changes', 'reject']) expect(page).toContain(`name="decision" value="${decision}"`);
    expect(page).toContain('条款偏差');
    expect(page).not.toMatch(/Deciding as|Deadline:|Request changes/);
  });

  it('says who decided what and when, in Chinese', () => {
    const html = renderOutcomePage({
      tone: 'warn',
      heading: '已决定',
      message: '该任务已被决定。',
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      decided: { decision: 'reject', byName: 'Lee Huang', at: '2026-11-23T08:00:00Z', comment: 'No <way>' },
      contract: SAMPLE_CONTRACT,
      stepName: 'Legal review',
    });
    expect(html).toContain('已驳回，决定人 Lee Huang，时间 2026年11月23日 周一 16:00 (Asia/Shanghai)。 评论：“No &lt;way&gt;”');
    expect(html).toContain('客户 Shanghai Harbour Logistics Co., Ltd. 的合同“Harbour licences 2027 &lt;renewal &amp; expansion&gt;”：Legal review。');
  });

  it('is English when the viewer has no locale', () => {
    const page = renderDecisionPage({ ...props, viewer: SAMPLE_TASK.recipient });
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain('Deciding as <b>Lena Fischer</b>.');
  });
});
