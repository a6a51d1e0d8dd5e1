// The words intake looks for, in English and Chinese: field labels, price-table column headers,
// the clause section's heading and each clause key's heading synonyms. The variants agreed with
// the document generator are in /work/briefs/s4/doc-spec.md; a few common extra wordings are
// accepted too, because real customers do not follow one template.

export type FieldName =
  | 'title'
  | 'customer.name'
  | 'customer.registrationNumber'
  | 'customer.country'
  | 'currency'
  | 'amount'
  | 'paymentTermsDays'
  | 'requestedDeliveryDate'
  | 'personalData';

export const FIELD_LABELS: Record<FieldName, readonly string[]> = {
  title: ['Contract title', 'Title', 'Agreement', 'Contract name', '合同名称', '合同标题', '项目名称'],
  'customer.name': ['Customer name', 'Customer', 'Buyer', 'Purchaser', '客户名称', '买方', '客户', '购买方'],
  'customer.registrationNumber': ['Unified Social Credit Code', 'USCC', 'Registration number', 'Registration no.', 'Company registration number', '统一社会信用代码', '信用代码', '注册号'],
  'customer.country': ['Country', 'Country of registration', '国家', '国家/地区'],
  currency: ['Currency', '币种', '货币'],
  amount: ['Total amount', 'Contract value', 'Total', 'Contract amount', 'Total price', '合同总额', '合同金额', '总计', '总金额', '合同总价'],
  paymentTermsDays: ['Payment terms', 'Payment term', 'Terms of payment', '付款条件', '付款方式', '付款期限'],
  requestedDeliveryDate: ['Delivery date', 'Requested delivery', 'Requested delivery date', '交货日期', '交付日期', '交货时间'],
  personalData: ['Personal data processed', 'Personal data', 'Processes personal data', '是否处理个人信息', '处理个人信息', '个人信息处理'],
};

export type ColumnName = 'sku' | 'description' | 'quantity' | 'unitPrice' | 'taxRate' | 'lineTotal';

/** Price-table headers; a header may carry a unit in brackets ("Unit price (CNY)", "单价（元）"). */
export const COLUMN_LABELS: Record<ColumnName, readonly string[]> = {
  sku: ['SKU', 'Item code', 'Product code', 'Part number', '产品编号', '物料编号', '产品代码', '编号'],
  description: ['Description', 'Item', 'Product', '描述', '产品名称', '名称', '说明'],
  quantity: ['Quantity', 'Qty', '数量'],
  unitPrice: ['Unit price', 'Price', '单价'],
  taxRate: ['Tax rate', 'VAT rate', 'Tax', 'VAT', '税率'],
  lineTotal: ['Line total', 'Amount', 'Subtotal', '金额', '小计'],
};

/** A price table's closing row: its first cell. */
export const TOTAL_ROW = /^(total|grand total|sum|合计|总计)\b|^(合计|总计)/i;

/** The heading that opens the clauses. */
export const CLAUSE_SECTION = /^(?:[\dIVX]+[.)]?\s*|第[一二三四五六七八九十]+[章部分]\s*|[一二三四五六七八九十]+[、.]\s*)?(terms and conditions|terms & conditions|general terms|contract terms|合同条款|条款与条件|条款)\s*[:：]?$/i;

/**
 * Lines after the clauses that are not clause text: signature blocks and the closing formula
 * ("Signed in two counterparts", "本合同一式两份，……经双方签字盖章后生效").
 */
export const AFTER_CLAUSES =
  /^(signed|signature|signatures|for and on behalf|in witness whereof|签字|签署|签章|盖章|双方签字|甲方[(（]?盖章|乙方[(（]?盖章|(买方|卖方|客户)[(（]?(签字|盖章))|counterparts|一式[两二三四]份|签字盖章后生效/i;

/**
 * Heading words per clause key, both languages. Checked in this order, so the more specific
 * headings win ("data protection" before anything containing "protection", "governing law" before
 * "law").
 */
export const CLAUSE_HEADINGS: ReadonlyArray<[string, readonly string[]]> = [
  ['data_protection', ['data protection', 'personal data', 'privacy', '数据保护', '个人信息保护', '个人信息']],
  ['governing_law', ['governing law', 'applicable law', 'choice of law', '适用法律', '法律适用', '管辖法律']],
  ['confidentiality', ['confidentiality', 'confidential information', 'non-disclosure', '保密']],
  ['ip', ['intellectual property', 'ip rights', '知识产权']],
  ['renewal', ['renewal', 'term and renewal', '续约', '续期', '续签']],
  ['termination', ['termination', '终止', '解除']],
  ['payment', ['payment', 'fees and payment', '付款', '支付']],
  ['liability', ['limitation of liability', 'liability', '责任限制', '赔偿责任', '违约责任', '责任']],
];
