// From a document's text and structure to a contract draft with a confidence per field and the
// warnings the rep needs. Pure: takes DocumentContent (what the DOCX or PDF reader produced, or a
// test's hand-written blocks), not files.
//
// How confidence is computed (0–1, per field; the web form marks fields under 0.8):
// - a label found with ":" / "：" and its value parsed cleanly: 0.95; label and value separated
//   only by spaces (a two-column table drawn in a PDF): 0.9; a value that needed leniency (a
//   currency symbol in a price, 万 scaling, a tax rate without "%"): 0.05 less;
// - amount: 0.99 when it equals the lines' total, 0.6 (and a warning) when it does not; taken
//   from the table's Total row or the lines' sum because no label was found: 0.7 / 0.5;
// - lines: 0.95, 0.99 when the table's Total row equals their sum, 0.6 when a row could not be
//   read or the Total row disagrees;
// - defaulted or inferred values (country from a USCC, currency from the amount's symbol or the
//   document's language, personal data absent → false) get 0.85 / 0.6 / 0.5 as the inference is
//   strong or weak; a field not found at all is left out of the draft with confidence 0;
// - clauses: see MatchedClause.confidence (heading synonym 0.95–0.99, by content 0.5–0.9);
//   `clauses` is the lowest of them.
import { DEMO_CLAUSE_LIBRARY } from '../../domain/rules/clause-library.data';
import type { ClauseLibrary } from '../../domain/contract/contract.types';
import { clauseHeading, keyByHeading, matchClause, splitClauses } from './clauses';
import type { DocumentContent, IntakeConfidence, IntakeDraft, IntakeDraftLine, IntakeResult, IntakeWarning } from './intake.types';
import { AFTER_CLAUSES, CLAUSE_SECTION, FIELD_LABELS, type FieldName } from './labels';
import { cellsOfLine, headerOfCells, headerOfLine, type PriceTable, rowOfCells, totalOfRow } from './price-table';
import { fold, parseCountry, parseCurrency, parseDate, parseMoney, parsePaymentDays, parseYesNo } from './values';

export interface ExtractOptions {
  /** The clause library whose keys and standard texts clauses are matched to; the demo library by default. */
  clauseLibrary?: ClauseLibrary;
  /** Null when a registration number passes its check, else the rule it fails (e.g. the USCC check character). */
  registrationNumberProblem?: (code: string) => string | null;
}

interface Line {
  text: string;
  /** A row of a two-column table: label and value are certainly separate. */
  fromTable: boolean;
}

// Fields may be numbered like a list: "1. Customer: …", "(2) Currency: …", "三、币种：…".
const FIELD_NUMBERING = '(?:\\d+[.)]\\s*|\\(\\d+\\)\\s*|[一二三四五六七八九十]+、\\s*)?';

const LABELS: Array<{ field: FieldName; label: string; pattern: RegExp }> = (Object.entries(FIELD_LABELS) as Array<[FieldName, readonly string[]]>)
  .flatMap(([field, labels]) => labels.map((label) => ({ field, label, pattern: new RegExp(`^${FIELD_NUMBERING}${escapeRegExp(fold(label))}\\s*(:|\\s)\\s*(.*)$`, 'i') })))
  .sort((a, b) => b.label.length - a.label.length);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const LINES_TOTAL_TOLERANCE = 0.01;

class Collector {
  readonly confidence: IntakeConfidence = {};
  readonly warnings: IntakeWarning[] = [];
  warn(field: string, rule: IntakeWarning['rule'], message: string): void {
    this.warnings.push({ field, rule, message });
  }
}

/** Splits the blocks into the price table, the field lines before the clause section, and the clause section's lines. */
function layout(content: DocumentContent, library: ClauseLibrary): { fields: Line[]; table: PriceTable | null; clauseLines: string[] | null; sectionHeading: boolean } {
  const fields: Line[] = [];
  let table: PriceTable | null = null;
  let clauseLines: string[] | null = null;
  let pdfColumns: ReturnType<typeof headerOfLine> = null;

  const closePdfTable = () => {
    pdfColumns = null;
  };

  for (const block of content.blocks) {
    if (clauseLines) {
      if (block.type === 'paragraph') {
        if (AFTER_CLAUSES.test(fold(block.text))) break;
        clauseLines.push(block.text);
      }
      continue;
    }
    if (block.type === 'table') {
      const headerIndex = block.rows.findIndex((row) => headerOfCells(row) !== null);
      if (headerIndex >= 0 && !table) {
        const columns = headerOfCells(block.rows[headerIndex])!;
        table = { lines: [], unreadRows: [], lenient: false, statedTotal: null };
        for (const row of block.rows.slice(headerIndex + 1)) {
          const total = totalOfRow(row.filter((c) => c.trim()).join(' '));
          if (total !== null) {
            table.statedTotal = total;
            continue;
          }
          const parsed = rowOfCells(columns, row);
          if (parsed) {
            table.lines.push(parsed.line);
            table.lenient ||= parsed.lenient;
          } else if (row.some((c) => c.trim())) table.unreadRows.push(row.join(' | '));
        }
      } else {
        for (const row of block.rows) {
          const cells = row.map((c) => c.trim()).filter(Boolean);
          if (cells.length === 2) fields.push({ text: `${cells[0]}: ${cells[1]}`, fromTable: true });
          else if (cells.length) fields.push({ text: cells.join(' '), fromTable: false });
        }
      }
      continue;
    }
    const text = fold(block.text);
    if (!text) continue;
    if (CLAUSE_SECTION.test(text)) {
      closePdfTable();
      clauseLines = [];
      continue;
    }
    if (pdfColumns && table) {
      const total = totalOfRow(text);
      if (total !== null) {
        table.statedTotal = total;
        closePdfTable();
        continue;
      }
      const cells = cellsOfLine(pdfColumns, text);
      const parsed = cells ? rowOfCells(pdfColumns, cells) : null;
      if (parsed) {
        table.lines.push(parsed.line);
        table.lenient ||= parsed.lenient;
        continue;
      }
      // A line shaped like a row (enough words, a number) that did not parse is a bad row; anything else ends the table.
      if (cells && /\d/.test(text) && !LABELS.some((l) => l.pattern.test(text))) {
        table.unreadRows.push(text);
        continue;
      }
      closePdfTable();
    }
    if (!table) {
      const columns = headerOfLine(text);
      if (columns) {
        pdfColumns = columns;
        table = { lines: [], unreadRows: [], lenient: false, statedTotal: null };
        continue;
      }
    }
    fields.push({ text, fromTable: false });
  }
  if (clauseLines) return { fields, table, clauseLines, sectionHeading: true };
  // No "Terms and conditions" heading: the clauses start at the first numbered heading that names a clause key.
  const start = fields.findIndex((l) => !l.fromTable && namesClause(l.text, library));
  if (start < 0) return { fields, table, clauseLines: null, sectionHeading: false };
  const rest = fields.slice(start).map((l) => l.text);
  const end = rest.findIndex((t) => AFTER_CLAUSES.test(fold(t)));
  return { fields: fields.slice(0, start), table, clauseLines: end < 0 ? rest : rest.slice(0, end), sectionHeading: false };
}

/** A numbered heading whose title is a known clause heading ("3. Confidentiality", "第二条 付款"). */
function namesClause(text: string, library: ClauseLibrary): boolean {
  const heading = clauseHeading(text);
  return heading !== null && keyByHeading(heading, library) !== null;
}

interface Found {
  value: string;
  /** Label and value separated by ":" or a table cell (true), or only by spaces (false). */
  delimited: boolean;
}

function findFields(lines: readonly Line[]): Map<FieldName, Found> {
  const found = new Map<FieldName, Found>();
  for (const line of lines) {
    const text = fold(line.text);
    for (const { field, pattern } of LABELS) {
      const m = pattern.exec(text);
      if (!m) continue;
      const value = m[2].trim();
      if (!value) continue;
      if (!found.has(field)) found.set(field, { value, delimited: m[1] === ':' || line.fromTable });
      break;
    }
  }
  return found;
}

const LABEL_HINT: Record<FieldName, string> = {
  title: '"Contract title" / 合同名称',
  'customer.name': '"Customer" / 客户名称',
  'customer.registrationNumber': '"Unified Social Credit Code" / 统一社会信用代码',
  'customer.country': '"Country" / 国家',
  currency: '"Currency" / 币种',
  amount: '"Total amount" / 合同总额',
  paymentTermsDays: '"Payment terms" / 付款条件',
  requestedDeliveryDate: '"Delivery date" / 交货日期',
  personalData: '"Personal data processed" / 是否处理个人信息',
};

function notFound(c: Collector, field: FieldName): void {
  c.confidence[field] = 0;
  c.warn(field, 'not_found', `No ${LABEL_HINT[field]} label with a value was found`);
}

function isChinese(content: DocumentContent): boolean {
  const sample = content.blocks
    .map((b) => (b.type === 'paragraph' ? b.text : b.rows.map((r) => r.join(' ')).join(' ')))
    .join(' ')
    .slice(0, 4000);
  const cjk = (sample.match(/[\u3400-\u9fff]/g) ?? []).length;
  return cjk > sample.length / 10;
}

export function extractDraft(content: DocumentContent, options: ExtractOptions = {}): IntakeResult {
  const library = options.clauseLibrary ?? DEMO_CLAUSE_LIBRARY;
  const c = new Collector();
  const { fields, table, clauseLines, sectionHeading } = layout(content, library);
  const found = findFields(fields);
  const draft: IntakeDraft = { customer: {}, personalData: false, lines: [], clauses: [] };
  const base = (f: Found) => (f.delimited ? 0.95 : 0.9);

  // Text fields.
  for (const field of ['title', 'customer.name'] as const) {
    const f = found.get(field);
    if (!f) {
      notFound(c, field);
      continue;
    }
    if (field === 'title') draft.title = f.value;
    else draft.customer.name = f.value;
    c.confidence[field] = base(f);
  }

  // Registration number and country.
  const reg = found.get('customer.registrationNumber');
  if (reg) {
    const code = fold(reg.value).replace(/\s/g, '').toUpperCase();
    draft.customer.registrationNumber = code;
    c.confidence['customer.registrationNumber'] = base(reg);
    const problem = /^[0-9A-Z]{18}$/.test(code) && options.registrationNumberProblem ? options.registrationNumberProblem(code) : null;
    if (problem) {
      c.confidence['customer.registrationNumber'] = 0.5;
      c.warn('customer.registrationNumber', 'invalid', `Unified Social Credit Code ${code}: ${problem}`);
    }
  } else notFound(c, 'customer.registrationNumber');

  const country = found.get('customer.country');
  const countryCode = country ? parseCountry(country.value) : null;
  if (country && countryCode) {
    draft.customer.country = countryCode;
    c.confidence['customer.country'] = base(country);
  } else if (draft.customer.registrationNumber && /^[0-9A-Z]{18}$/.test(draft.customer.registrationNumber)) {
    draft.customer.country = 'CN';
    const valid = options.registrationNumberProblem ? options.registrationNumberProblem(draft.customer.registrationNumber) === null : false;
    c.confidence['customer.country'] = valid ? 0.85 : 0.6;
    if (country) c.warn('customer.country', 'unreadable', `"${country.value}" is not a country code or a known country name; CN assumed from the Unified Social Credit Code`);
  } else if (country) {
    c.confidence['customer.country'] = 0;
    c.warn('customer.country', 'unreadable', `"${country.value}" is not an ISO 3166-1 country code or a known country name`);
  } else notFound(c, 'customer.country');

  // Money.
  const amountFound = found.get('amount');
  const money = amountFound ? parseMoney(amountFound.value) : null;
  const currencyFound = found.get('currency');
  const currency = currencyFound ? parseCurrency(currencyFound.value) : null;
  if (currencyFound && currency) {
    draft.currency = currency;
    c.confidence.currency = base(currencyFound);
  } else if (money?.currency) {
    draft.currency = money.currency;
    c.confidence.currency = 0.85;
    if (currencyFound) c.warn('currency', 'unreadable', `"${currencyFound.value}" is not a currency; ${money.currency} taken from the amount`);
  } else if (isChinese(content)) {
    draft.currency = 'CNY';
    c.confidence.currency = 0.5;
    c.warn('currency', 'defaulted', 'No currency found; CNY assumed for a Chinese document');
  } else if (currencyFound) {
    c.confidence.currency = 0;
    c.warn('currency', 'unreadable', `"${currencyFound.value}" is not an ISO 4217 code or a known currency name`);
  } else notFound(c, 'currency');

  if (table && table.lines.length) {
    draft.lines = table.lines;
    let confidence = table.lenient ? 0.9 : 0.95;
    const sum = linesTotal(table.lines);
    if (table.unreadRows.length) {
      confidence = 0.6;
      for (const row of table.unreadRows) c.warn('lines', 'unreadable', `Price table row "${row}" could not be read as SKU, quantity, unit price and tax rate`);
    } else if (table.statedTotal !== null && Math.abs(table.statedTotal - sum) <= LINES_TOTAL_TOLERANCE) confidence = 0.99;
    if (table.statedTotal !== null && Math.abs(table.statedTotal - sum) > LINES_TOTAL_TOLERANCE) {
      confidence = 0.6;
      c.warn('lines', 'inconsistent', `The price table's total row states ${table.statedTotal} but its lines add up to ${sum}`);
    }
    c.confidence.lines = confidence;
  } else {
    c.confidence.lines = 0;
    if (table) for (const row of table.unreadRows) c.warn('lines', 'unreadable', `Price table row "${row}" could not be read as SKU, quantity, unit price and tax rate`);
    c.warn('lines', 'not_found', 'No price table (SKU, quantity and unit price columns) with readable rows was found');
  }

  const sum = draft.lines.length ? linesTotal(draft.lines) : null;
  if (money) {
    draft.amount = money.value;
    let confidence = base(amountFound!) - (money.scaled ? 0.05 : 0);
    if (sum !== null) {
      if (Math.abs(money.value - sum) <= LINES_TOTAL_TOLERANCE) confidence = 0.99;
      else {
        confidence = 0.6;
        c.warn('amount', 'inconsistent', `The stated amount ${money.value} does not equal the price table's total ${sum}`);
      }
    }
    c.confidence.amount = confidence;
  } else if (table?.statedTotal != null || sum !== null) {
    draft.amount = table?.statedTotal ?? sum!;
    c.confidence.amount = table?.statedTotal != null ? 0.7 : 0.5;
    c.warn('amount', amountFound ? 'unreadable' : 'defaulted', `${amountFound ? `"${amountFound.value}" is not an amount` : 'No amount label found'}; ${draft.amount} taken from the price table`);
  } else if (amountFound) {
    c.confidence.amount = 0;
    c.warn('amount', 'unreadable', `"${amountFound.value}" is not an amount`);
  } else notFound(c, 'amount');

  // Terms and dates.
  const terms = found.get('paymentTermsDays');
  const days = terms ? parsePaymentDays(terms.value) : null;
  if (terms && days !== null && days <= 365) {
    draft.paymentTermsDays = days;
    c.confidence.paymentTermsDays = base(terms);
  } else if (terms) {
    c.confidence.paymentTermsDays = 0;
    c.warn('paymentTermsDays', 'unreadable', `"${terms.value}" names no number of days (0–365) to pay in`);
  } else notFound(c, 'paymentTermsDays');

  const delivery = found.get('requestedDeliveryDate');
  const date = delivery ? parseDate(delivery.value) : null;
  if (delivery && date) {
    draft.requestedDeliveryDate = date;
    c.confidence.requestedDeliveryDate = base(delivery);
  } else if (delivery) {
    c.confidence.requestedDeliveryDate = 0;
    c.warn('requestedDeliveryDate', 'unreadable', `"${delivery.value}" is not a date (2027-01-15, 15 January 2027, January 15, 2027 or 2027年1月15日)`);
  } else notFound(c, 'requestedDeliveryDate');

  const personal = found.get('personalData');
  const yesNo = personal ? parseYesNo(personal.value) : null;
  if (personal && yesNo !== null) {
    draft.personalData = yesNo;
    c.confidence.personalData = base(personal);
  } else {
    draft.personalData = false;
    c.confidence.personalData = 0.5;
    c.warn('personalData', personal ? 'unreadable' : 'defaulted', `${personal ? `"${personal.value}" is not yes or no` : 'Not stated'}; "no personal data" assumed`);
  }

  // Clauses.
  if (clauseLines === null) {
    c.confidence.clauses = 0;
    c.warn('clauses', 'not_found', 'No "Terms and conditions" / 合同条款 section was found');
  } else {
    const seen = new Set<string>();
    let lowest = 1;
    for (const clause of splitClauses(clauseLines)) {
      const matched = matchClause(clause, library);
      if (!matched.key) {
        c.warn('clauses', 'unmatched', `Clause "${clause.heading}" matches no clause of the library by heading or content; left out`);
        continue;
      }
      if (seen.has(matched.key)) {
        c.warn(`clauses.${matched.key}`, 'inconsistent', `A second ${matched.key} clause ("${clause.heading}") was left out`);
        continue;
      }
      seen.add(matched.key);
      draft.clauses.push({ key: matched.key, text: matched.text });
      // Without the section's heading, where the clauses end is a guess: a little less sure of each.
      const confidence = sectionHeading ? matched.confidence : Math.min(matched.confidence, 0.9);
      c.confidence[`clauses.${matched.key}`] = confidence;
      lowest = Math.min(lowest, confidence);
      if (matched.by === 'content') c.warn(`clauses.${matched.key}`, 'inconsistent', `Heading "${clause.heading}" is not a known ${matched.key} heading; recognised by its text`);
    }
    c.confidence.clauses = draft.clauses.length ? lowest : 0;
    if (!draft.clauses.length) c.warn('clauses', 'not_found', 'The terms and conditions section has no numbered clauses');
  }

  return { draft: inSubmissionOrder(draft), confidence: c.confidence, warnings: c.warnings };
}

/** The draft's keys in the order of POST /api/contracts (for people reading the JSON); absent fields stay absent. */
function inSubmissionOrder(d: IntakeDraft): IntakeDraft {
  const ordered = {
    title: d.title,
    customer: d.customer,
    currency: d.currency,
    amount: d.amount,
    paymentTermsDays: d.paymentTermsDays,
    requestedDeliveryDate: d.requestedDeliveryDate,
    personalData: d.personalData,
    lines: d.lines,
    clauses: d.clauses,
  };
  return Object.fromEntries(Object.entries(ordered).filter(([, v]) => v !== undefined)) as unknown as IntakeDraft;
}

export function linesTotal(lines: readonly IntakeDraftLine[]): number {
  return round2(lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0));
}
