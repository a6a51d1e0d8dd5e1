// The price table: a header row naming its columns (any order, English or Chinese), then one row
// per line, then perhaps a "Total" / 合计 row. A DOCX table arrives as cells; a PDF table as lines
// of text whose cells pdf.js joins with spaces, so a PDF row is split by position: the cells before
// the description column take one word each, the cells after it one word each from the end, and
// the description is what is left in between (descriptions have spaces, SKUs and numbers do not).
import type { IntakeDraftLine } from './intake.types';
import { COLUMN_LABELS, type ColumnName, TOTAL_ROW } from './labels';
import { fold, parseMoney, parseNumber, parseTaxRate } from './values';

const ALL_COLUMN_LABELS: Array<[ColumnName, string]> = (Object.entries(COLUMN_LABELS) as Array<[ColumnName, readonly string[]]>)
  .flatMap(([column, labels]) => labels.map((l): [ColumnName, string] => [column, l.toLowerCase()]))
  .sort((a, b) => b[1].length - a[1].length);

// A unit after a header: "(CNY)", "（元）", "(%)".
const UNIT = /^\s*[(（[][^)）\]]{0,12}[)）\]]/;

function isHeader(columns: ColumnName[]): boolean {
  return columns.includes('sku') && columns.includes('quantity') && columns.includes('unitPrice') && new Set(columns).size === columns.length;
}

/** The columns a header cell names, or null. */
function columnOfCell(cell: string): ColumnName | null {
  const t = fold(cell).toLowerCase().replace(UNIT, '');
  const stripped = t.replace(/\s*[(（[][^)）\]]*[)）\]]\s*$/, '').trim();
  const hit = ALL_COLUMN_LABELS.find(([, label]) => stripped === label);
  return hit ? hit[0] : null;
}

/** The columns of a DOCX header row, or null when it is not a price-table header. */
export function headerOfCells(cells: readonly string[]): ColumnName[] | null {
  const columns: ColumnName[] = [];
  for (const cell of cells) {
    const c = columnOfCell(cell);
    if (!c) return null;
    columns.push(c);
  }
  return isHeader(columns) ? columns : null;
}

/** The columns of a PDF header line ("SKU Description Quantity Unit price (CNY) Tax rate"), or null. */
export function headerOfLine(line: string): ColumnName[] | null {
  let rest = fold(line).toLowerCase();
  const columns: ColumnName[] = [];
  while (rest.length) {
    const hit = ALL_COLUMN_LABELS.find(([, label]) => rest.startsWith(label) && (rest.length === label.length || /[\s(（[|]/.test(rest[label.length]) || /[\u3400-\u9fff]/.test(label)));
    if (!hit) return null;
    columns.push(hit[0]);
    rest = rest.slice(hit[1].length).replace(UNIT, '').replace(/^[\s|]+/, '');
  }
  return isHeader(columns) ? columns : null;
}

export interface ParsedRow {
  line: IntakeDraftLine;
  /** Cells that needed leniency (e.g. a currency symbol on a price, a tax rate without "%"). */
  lenient: boolean;
}

/** One table row by its cells, or null when the cells are not a price line. */
export function rowOfCells(columns: readonly ColumnName[], cells: readonly string[]): ParsedRow | null {
  if (cells.length !== columns.length) return null;
  let sku: string | null = null;
  let quantity: number | null = null;
  let unitPrice: number | null = null;
  let taxRatePercent: number | null = null;
  let lenient = false;
  columns.forEach((column, i) => {
    const cell = fold(cells[i]);
    if (column === 'sku') sku = /^\S{1,64}$/.test(cell) ? cell : null;
    if (column === 'quantity') quantity = parseNumber(cell);
    if (column === 'unitPrice') {
      unitPrice = parseNumber(cell);
      if (unitPrice === null) {
        const money = parseMoney(cell);
        unitPrice = money && !money.scaled ? money.value : null;
        lenient = true;
      }
    }
    if (column === 'taxRate') {
      taxRatePercent = parseTaxRate(cell);
      if (!cell.endsWith('%')) lenient = true;
    }
  });
  if (sku === null || quantity === null || unitPrice === null || !Number.isInteger(quantity)) return null;
  if (!columns.includes('taxRate')) lenient = true;
  if (columns.includes('taxRate') && taxRatePercent === null) return null;
  return { line: { sku, quantity, unitPrice, taxRatePercent: taxRatePercent ?? 0 }, lenient };
}

/** A PDF row line split into cells by the header's columns (see the header comment), or null. */
export function cellsOfLine(columns: readonly ColumnName[], line: string): string[] | null {
  const words = fold(line).split(' ').filter(Boolean);
  const d = columns.indexOf('description');
  if (d < 0) return words.length === columns.length ? words : null;
  const after = columns.length - d - 1;
  if (words.length < columns.length - 1) return null;
  const description = words.slice(d, words.length - after).join(' ');
  return [...words.slice(0, d), description, ...words.slice(words.length - after)];
}

/** The total a "Total" / 合计 row states (its last number), or null when the row is not one. */
export function totalOfRow(text: string): number | null {
  const t = fold(text);
  if (!TOTAL_ROW.test(t)) return null;
  const numbers = [...t.matchAll(/(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万)?/g)];
  const last = numbers[numbers.length - 1];
  if (!last) return null;
  const money = parseMoney(last[0]);
  return money ? money.value : null;
}

export interface PriceTable {
  lines: IntakeDraftLine[];
  /** Rows under the header that could not be read as lines (their text, for the warning). */
  unreadRows: string[];
  lenient: boolean;
  statedTotal: number | null;
}
