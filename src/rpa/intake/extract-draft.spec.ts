import { DEMO_CLAUSE_LIBRARY } from '../../domain/rules/clause-library.data';
import { clauseHeading, joinLines, keyByContent, matchClause } from './clauses';
import { extractDraft } from './extract-draft';
import type { DocumentBlock, DocumentContent } from './intake.types';
import { FIELD_LABELS } from './labels';
import { cellsOfLine, headerOfCells, headerOfLine } from './price-table';

const p = (text: string): DocumentBlock => ({ type: 'paragraph', text });
const pdf = (...lines: string[]): DocumentContent => ({ format: 'pdf', blocks: lines.map(p) });
const std = (key: string) => DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === key)!.standardText;

const ENGLISH_PDF = pdf(
  'Sales Agreement',
  'Contract title: Harbour licences 2027',
  'Customer name: Shanghai Harbour Logistics Co., Ltd.',
  'Unified Social Credit Code: 91310000MA1FL0001X',
  'Currency: CNY',
  'Total amount: CNY 190,000.00',
  'Payment terms: Net 30 days',
  'Delivery date: 15 January 2027',
  'Personal data processed: no',
  'SKU Description Quantity Unit price Tax rate',
  'GL-LIC-STD Standard licence, annual 20 9,500.00 6%',
  'Total 190,000.00',
  'Terms and conditions',
  '1. Limitation of liability',
  std('liability').slice(0, 80),
  std('liability').slice(80),
  '2. Payment',
  std('payment'),
  'Signed for the Customer: ____',
);

describe('extractDraft: an English PDF', () => {
  const result = extractDraft(ENGLISH_PDF);

  it('reads every field of the draft', () => {
    expect(result.draft).toEqual({
      title: 'Harbour licences 2027',
      customer: { name: 'Shanghai Harbour Logistics Co., Ltd.', registrationNumber: '91310000MA1FL0001X', country: 'CN' },
      currency: 'CNY',
      amount: 190000,
      paymentTermsDays: 30,
      requestedDeliveryDate: '2027-01-15',
      personalData: false,
      lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9500, taxRatePercent: 6 }],
      clauses: [
        { key: 'liability', text: std('liability') },
        { key: 'payment', text: std('payment') },
      ],
    });
  });

  it('is confident where labels were exact and figures agree, less where the country was inferred', () => {
    expect(result.confidence).toEqual(expect.objectContaining({ title: 0.95, amount: 0.99, lines: 0.99, 'clauses.liability': 0.99, currency: 0.95 }));
    // No registration-number check given: the country is only inferred from the code's shape.
    expect(result.confidence['customer.country']).toBe(0.6);
    expect(result.warnings).toEqual([]);
  });

  it('country from a valid USCC is a strong inference; an invalid one is a warning naming the rule, not a refusal', () => {
    const valid = extractDraft(ENGLISH_PDF, { registrationNumberProblem: () => null });
    expect(valid.confidence['customer.country']).toBe(0.85);
    const invalid = extractDraft(ENGLISH_PDF, { registrationNumberProblem: () => "position 18 'X' is not the check character (expected '3')" });
    expect(invalid.draft.customer.registrationNumber).toBe('91310000MA1FL0001X');
    expect(invalid.confidence['customer.registrationNumber']).toBeLessThan(0.8);
    expect(invalid.warnings).toContainEqual({ field: 'customer.registrationNumber', rule: 'invalid', message: expect.stringContaining('check character') });
  });
});

describe('extractDraft: a Chinese DOCX (tables as cells)', () => {
  const doc: DocumentContent = {
    format: 'docx',
    blocks: [
      p('销售合同'),
      {
        type: 'table',
        rows: [
          ['项目名称', '港湾物流 2027 年度许可'],
          ['买方', '上海港湾物流有限公司'],
          ['信用代码', '91310000MA1FL0001X'],
          ['国家', '中国'],
          ['货币', '人民币'],
          ['合同金额', '19万元'],
          ['付款方式', '发票后30天内付款'],
          ['交付日期', '2027年1月15日'],
          ['是否处理个人信息', '是'],
        ],
      },
      {
        type: 'table',
        rows: [
          ['描述', '产品编号', '数量', '单价（元）', '税率'],
          ['标准许可', 'GL-LIC-STD', '10', '9,500.00', '6'],
          ['实施服务', 'GL-SVC-IMPL', '5', '19,000', '6%'],
          ['合计', '', '', '', '190,000.00'],
        ],
      },
      p('合同条款'),
      p('第一条 责任限制'),
      p('双方的责任以本合同项下'),
      p('已付费用为限。'),
      p('二、保密'),
      p('双方应对对方的保密信息保密。'),
    ],
  };
  const result = extractDraft(doc);

  it('reads the two-column field table, the price table in its column order, 万元 and the Chinese clauses', () => {
    expect(result.draft).toEqual({
      title: '港湾物流 2027 年度许可',
      customer: { name: '上海港湾物流有限公司', registrationNumber: '91310000MA1FL0001X', country: 'CN' },
      currency: 'CNY',
      amount: 190000,
      paymentTermsDays: 30,
      requestedDeliveryDate: '2027-01-15',
      personalData: true,
      lines: [
        { sku: 'GL-LIC-STD', quantity: 10, unitPrice: 9500, taxRatePercent: 6 },
        { sku: 'GL-SVC-IMPL', quantity: 5, unitPrice: 19000, taxRatePercent: 6 },
      ],
      clauses: [
        { key: 'liability', text: '双方的责任以本合同项下已付费用为限。' },
        { key: 'confidentiality', text: '双方应对对方的保密信息保密。' },
      ],
    });
    expect(result.confidence.amount).toBe(0.99);
    expect(result.confidence.personalData).toBe(0.95);
    // A tax rate written without "%" is read, with a little less confidence.
    expect(result.confidence.lines).toBeGreaterThanOrEqual(0.9);
  });
});

describe('extractDraft: what could not be read', () => {
  it('a stated amount that differs from the lines is kept as stated, with a warning and low confidence', () => {
    const r = extractDraft(pdf('Total amount: 200,000', 'SKU Quantity Unit price Tax rate', 'GL-LIC-STD 20 9,500.00 6%'));
    expect(r.draft.amount).toBe(200000);
    expect(r.confidence.amount).toBeLessThan(0.8);
    expect(r.warnings).toContainEqual({ field: 'amount', rule: 'inconsistent', message: expect.stringContaining('190000') });
  });

  it('missing fields are left out with confidence 0 and a not_found warning; personal data defaults to no', () => {
    const r = extractDraft(pdf('Customer: Acme Ltd'));
    expect(r.draft).toEqual({ customer: { name: 'Acme Ltd' }, personalData: false, lines: [], clauses: [] });
    for (const field of ['title', 'customer.registrationNumber', 'amount', 'paymentTermsDays', 'requestedDeliveryDate', 'lines', 'clauses']) {
      expect(r.confidence[field]).toBe(0);
      expect(r.warnings.some((w) => w.field === field && w.rule === 'not_found')).toBe(true);
    }
    expect(r.confidence.personalData).toBe(0.5);
    expect(r.warnings).toContainEqual(expect.objectContaining({ field: 'personalData', rule: 'defaulted' }));
  });

  it('a label whose value cannot be parsed is unreadable, naming the value', () => {
    const r = extractDraft(pdf('Delivery date: next spring', 'Payment terms: on delivery'));
    expect(r.draft.requestedDeliveryDate).toBeUndefined();
    expect(r.warnings).toContainEqual({ field: 'requestedDeliveryDate', rule: 'unreadable', message: expect.stringContaining('next spring') });
    expect(r.warnings).toContainEqual({ field: 'paymentTermsDays', rule: 'unreadable', message: expect.stringContaining('on delivery') });
  });

  it('a price-table row that does not parse is a warning on lines', () => {
    const r = extractDraft(pdf('SKU Description Quantity Unit price Tax rate', 'GL-LIC-STD Licence 20 9,500.00 6%', 'GL-SVC-IMPL Service twenty 9,500.00 6%'));
    expect(r.draft.lines).toHaveLength(1);
    expect(r.confidence.lines).toBe(0.6);
    expect(r.warnings).toContainEqual(expect.objectContaining({ field: 'lines', rule: 'unreadable', message: expect.stringContaining('GL-SVC-IMPL') }));
  });
});

describe('label variants (doc-spec.md), case-insensitive, ":" or "：" or a table cell', () => {
  const sample: Record<string, [string, unknown]> = {
    title: ['Harbour 2027', 'Harbour 2027'],
    'customer.name': ['Acme Ltd', 'Acme Ltd'],
    'customer.registrationNumber': ['91310000MA1FL0001X', '91310000MA1FL0001X'],
    'customer.country': ['CN', 'CN'],
    currency: ['USD', 'USD'],
    amount: ['1,000.00', 1000],
    paymentTermsDays: ['Net 45 days', 45],
    requestedDeliveryDate: ['2027-03-01', '2027-03-01'],
    personalData: ['yes', true],
  };
  const read = (draft: ReturnType<typeof extractDraft>['draft'], field: string): unknown =>
    field.startsWith('customer.') ? draft.customer[field.slice(9) as 'name'] : (draft as unknown as Record<string, unknown>)[field];
  const cases = Object.entries(FIELD_LABELS).flatMap(([field, labels]) => labels.map((label) => [field, label] as const));

  it.each(cases)('%s labelled "%s"', (field, label) => {
    const [raw, expected] = sample[field];
    for (const line of [`${label}: ${raw}`, `${label.toUpperCase()}：${raw}`]) expect(read(extractDraft(pdf(line)).draft, field)).toEqual(expected);
    const table = extractDraft({ format: 'docx', blocks: [{ type: 'table', rows: [[label, raw]] }] });
    expect(read(table.draft, field)).toEqual(expected);
  });
});

describe('price-table headers and PDF rows', () => {
  it('headers in any order, English or Chinese, with units in brackets', () => {
    expect(headerOfLine('SKU Description Quantity Unit price Tax rate')).toEqual(['sku', 'description', 'quantity', 'unitPrice', 'taxRate']);
    expect(headerOfLine('Description SKU Unit price (CNY) Quantity Tax rate (%)')).toEqual(['description', 'sku', 'unitPrice', 'quantity', 'taxRate']);
    expect(headerOfLine('产品编号 数量 单价 税率 描述')).toEqual(['sku', 'quantity', 'unitPrice', 'taxRate', 'description']);
    expect(headerOfCells(['产品编号', '描述', '数量', '单价（元）', '税率'])).toEqual(['sku', 'description', 'quantity', 'unitPrice', 'taxRate']);
    expect(headerOfLine('Customer: Acme')).toBeNull();
  });

  it('a PDF row is split around the description, which may have spaces', () => {
    expect(cellsOfLine(['sku', 'description', 'quantity', 'unitPrice', 'taxRate'], 'GL-LIC-STD Standard licence, annual 20 9,500.00 6%')).toEqual(['GL-LIC-STD', 'Standard licence, annual', '20', '9,500.00', '6%']);
    expect(cellsOfLine(['sku', 'quantity', 'unitPrice', 'taxRate', 'description'], 'GL-LIC-STD 20 9,500.00 6% 标准 许可')).toEqual(['GL-LIC-STD', '20', '9,500.00', '6%', '标准 许可']);
  });
});

describe('clauses', () => {
  it.each([
    ['1. Limitation of liability', 'Limitation of liability'],
    ['Article 3 Liability', 'Liability'],
    ['1.1 Liability', 'Liability'],
    ['第一条 责任限制', '责任限制'],
    ['一、责任限制', '责任限制'],
    ['30 days of being notified. Fees for goods', null],
    ['1. The customer shall pay every invoice within thirty days of receiving it.', null],
    // A wrapped clause line that starts with a rate is text (bench:rpa's Chinese PDFs cut the payment clause here).
    ['0.05%计收利息', null],
    ['1.5%', null],
    ['0. Definitions', null],
  ])('heading %s → %s', (line, title) => {
    expect(clauseHeading(line)).toBe(title);
  });

  it.each([
    ['Limitation of liability', 'liability'],
    ['Applicable law', 'governing_law'],
    ['法律适用', 'governing_law'],
    ['个人信息保护', 'data_protection'],
    ['Intellectual property', 'ip'],
    ['续期', 'renewal'],
    ['解除', 'termination'],
    ['付款', 'payment'],
    ['赔偿责任', 'liability'],
  ])('heading "%s" is clause %s', (heading, key) => {
    expect(matchClause({ heading, text: '' }, DEMO_CLAUSE_LIBRARY)).toEqual(expect.objectContaining({ key, by: 'heading' }));
  });

  it('an unknown heading is matched by its text, with lower confidence and a warning', () => {
    const edited = std('termination').replace('thirty days', '30 days');
    const m = matchClause({ heading: 'Ending the agreement', text: edited }, DEMO_CLAUSE_LIBRARY);
    expect(m).toEqual(expect.objectContaining({ key: 'termination', by: 'content' }));
    expect(m.confidence).toBeGreaterThanOrEqual(0.5);
    expect(m.confidence).toBeLessThan(0.95);
    const r = extractDraft(pdf('Terms and conditions', '7. Ending the agreement', edited));
    expect(r.draft.clauses).toEqual([{ key: 'termination', text: edited }]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ field: 'clauses.termination', message: expect.stringContaining('recognised by its text') }));
  });

  it('matches by a Chinese standard text when the library carries one', () => {
    const zh = '双方均应对另一方的保密信息保密，仅为履行本协议使用。该义务在协议终止后持续三年。';
    const library = { ...DEMO_CLAUSE_LIBRARY, clauses: DEMO_CLAUSE_LIBRARY.clauses.map((c) => (c.key === 'confidentiality' ? { ...c, standardTextZh: zh } : c)) };
    expect(keyByContent('双方均应对另一方的保密信息保密，仅为履行本协议使用。该义务在协议终止后持续五年。', library)).toEqual(expect.objectContaining({ key: 'confidentiality' }));
  });

  it('a heading matching nothing, with unrelated text, is left out with a warning', () => {
    const r = extractDraft(pdf('Terms and conditions', '9. Miscellaneous', 'Notices go to the addresses above.'));
    expect(r.draft.clauses).toEqual([]);
    expect(r.warnings).toContainEqual(expect.objectContaining({ field: 'clauses', rule: 'unmatched', message: expect.stringContaining('Miscellaneous') }));
  });

  it('without a "Terms and conditions" heading the clauses start at the first numbered clause heading, a little less sure', () => {
    const r = extractDraft(pdf('Customer: Acme Ltd', '1. Payment terms: Net 30 days', '2. Confidentiality', std('confidentiality'), '3. Governing law', std('governing_law')));
    // A numbered field line is a field, not a clause heading.
    expect(r.draft.paymentTermsDays).toBe(30);
    expect(r.draft.clauses).toEqual([
      { key: 'confidentiality', text: std('confidentiality') },
      { key: 'governing_law', text: std('governing_law') },
    ]);
    expect(r.confidence['clauses.confidentiality']).toBe(0.9);
    expect(r.draft.customer.name).toBe('Acme Ltd');
  });

  it('wrapped lines join with a space in English and without one in Chinese', () => {
    expect(joinLines(['Each party shall', 'keep it secret.'])).toBe('Each party shall keep it secret.');
    expect(joinLines(['双方应对', '对方的信息保密。'])).toBe('双方应对对方的信息保密。');
  });
});
