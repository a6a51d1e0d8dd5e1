import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateContractDto, ListContractsQuery } from '../contracts/contract.dto';
import { DeadlineDto } from '../tasks/task.dto';
import { CycleTimeReportQuery } from '../reports/report.dto';
import { OutOfOfficeDto } from '../directory/users.controller';
import { flattenValidationErrors } from './validation';
import { decimalPlaces, isCalendarDate, isIsoInstant } from './validators';

function contract(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Harbour licences',
    customer: { name: 'Shanghai Harbour Logistics Co., Ltd.', registrationNumber: '91310000MA1FL0007C', country: 'CN' },
    currency: 'CNY',
    amount: 190_000,
    paymentTermsDays: 30,
    requestedDeliveryDate: '2027-03-01',
    personalData: false,
    lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }],
    clauses: [],
    ...overrides,
  };
}

async function errorsOf(cls: new () => object, plain: Record<string, unknown>) {
  return flattenValidationErrors(await validate(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }));
}

describe('decimalPlaces', () => {
  it.each([
    [9500, 0],
    [0, 0],
    [12.5, 1],
    [0.01, 2],
    [1.005, 3],
    [0.0000001, 7],
    [1e-7, 7],
    [1.5e-10, 11],
    [5e-324, 324],
    [123456789.12, 2],
    [1e21, 0],
    [-0.25, 2],
  ])('%p has %p decimal places', (value, expected) => {
    expect(decimalPlaces(value)).toBe(expected);
  });
});

describe('money on a contract line', () => {
  // Issue #11 defect 3: class-validator's maxDecimalPlaces threw on the exponent form, a 500.
  it.each([0.0000001, 1e-7, 1.5e-10, 0.001])('refuses unitPrice %p with a rule instead of throwing', async (unitPrice) => {
    const errors = await errorsOf(CreateContractDto, contract({ lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice, taxRatePercent: 6 }] }));
    expect(errors).toContainEqual(expect.objectContaining({ field: 'lines[0].unitPrice', rule: 'maxDecimalPlaces' }));
  });

  it('accepts two decimals and the README example', async () => {
    expect(await errorsOf(CreateContractDto, contract())).toEqual([]);
    expect(await errorsOf(CreateContractDto, contract({ amount: 19.99, lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 19.99, taxRatePercent: 7.25 }] }))).toEqual([]);
  });

  it('bounds unit price, amount and the lines total so they fit numeric(18,2)', async () => {
    const huge = await errorsOf(CreateContractDto, contract({ amount: 1e14, lines: [{ sku: 'GL-LIC-STD', quantity: 1, unitPrice: 1e14, taxRatePercent: 6 }] }));
    expect(huge).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amount', rule: 'max' }), expect.objectContaining({ field: 'lines[0].unitPrice', rule: 'max' })]));
    const total = await errorsOf(CreateContractDto, contract({ lines: [{ sku: 'GL-LIC-STD', quantity: 1_000_000, unitPrice: 1e8, taxRatePercent: 6 }] }));
    expect(total).toContainEqual(expect.objectContaining({ field: 'lines', rule: 'maxLinesTotal' }));
  });

  it('bounds the clause text of the whole contract, not only each clause', async () => {
    const clauses = Array.from({ length: 6 }, (_, i) => ({ key: `c${i}`, text: 'x'.repeat(20_000) }));
    expect(await errorsOf(CreateContractDto, contract({ clauses }))).toContainEqual(expect.objectContaining({ field: 'clauses', rule: 'maxTotalLength' }));
    expect(await errorsOf(CreateContractDto, contract({ clauses: clauses.slice(0, 5) }))).toEqual([]);
  });
});

describe('shape of a submission', () => {
  // Found by the fuzz run: a body without `customer` passed and the service failed with a 500.
  it.each([
    ['customer', { customer: undefined }, 'isObject'],
    ['customer', { customer: [] }, 'isObject'],
    ['customer', { customer: 'x' }, 'isObject'],
    ['lines', { lines: [[]] }, 'isObject'],
    ['lines', { lines: [null] }, 'isObject'],
    ['clauses', { clauses: [[{ key: 'a', text: 'b' }]] }, 'isObject'],
  ])('refuses a malformed %s', async (field, overrides, rule) => {
    expect(await errorsOf(CreateContractDto, contract(overrides))).toContainEqual(expect.objectContaining({ field, rule }));
  });
});

describe('dates', () => {
  it.each(['2027-03-01', '2024-02-29', '2000-01-01', '2100-12-31'])('%s is a calendar date', (v) => expect(isCalendarDate(v)).toBe(true));
  it.each(['2027-02-30', '2026-02-29', '2027-13-01', '1999-12-31', '2101-01-01', '27-03-01', '2027-3-1', '', 20270301])('%p is not', (v) => expect(isCalendarDate(v)).toBe(false));

  // Issue #11 defect 3: 2027-02-30 passed the API and was only caught by the intake bot.
  it('refuses requestedDeliveryDate 2027-02-30 at the edge', async () => {
    expect(await errorsOf(CreateContractDto, contract({ requestedDeliveryDate: '2027-02-30' }))).toEqual([
      expect.objectContaining({ field: 'requestedDeliveryDate', rule: 'isCalendarDate' }),
    ]);
  });

  it.each([
    ['2026-11-25T10:00:00+08:00', true],
    ['2026-11-25T10:00:00.000Z', true],
    ['2026-11-25T10:00Z', true],
    ['2026-11-25T10:00:00', false], // no offset
    ['2026-02-30T10:00:00Z', false],
    ['2026-11-25T25:00:00Z', false],
    ['2026-11-25T10:00:00+25:00', false],
    ['2045-W01-1T10:00Z', false],
    ['2101-01-01T00:00:00Z', false],
    ['1970-01-01T00:00:00Z', false],
    ['+275760-09-13T00:00:00Z', false],
    ['2026-11-25', false],
  ])('isIsoInstant(%p, offset required) is %p', (v, ok) => expect(isIsoInstant(v, { offsetRequired: true })).toBe(ok));

  it('report periods take dates and timestamps without offset, in range', () => {
    expect(isIsoInstant('2026-01-01', { dateAllowed: true })).toBe(true);
    expect(isIsoInstant('2026-01-01T08:00', { dateAllowed: true })).toBe(true);
    expect(isIsoInstant('2026-02-30', { dateAllowed: true })).toBe(false);
    expect(isIsoInstant('9999-01-01', { dateAllowed: true })).toBe(false);
  });

  it('deadline, out-of-office and report DTOs use them', async () => {
    expect(await errorsOf(DeadlineDto, { dueAt: '2026-02-30T10:00:00Z', reason: 'r' })).toEqual([expect.objectContaining({ field: 'dueAt', rule: 'isIsoInstant' })]);
    expect(await errorsOf(DeadlineDto, { dueAt: '2026-11-25T10:00:00+08:00', reason: 'r' })).toEqual([]);
    expect(await errorsOf(OutOfOfficeDto, { from: '2026-11-25T09:00:00', to: '3026-11-25T09:00:00Z' })).toEqual([
      expect.objectContaining({ field: 'from', rule: 'isIsoInstant' }),
      expect.objectContaining({ field: 'to', rule: 'isIsoInstant' }),
    ]);
    expect(await errorsOf(CycleTimeReportQuery, { from: '2026-02-30', to: '2026-03-01' })).toEqual([expect.objectContaining({ field: 'from', rule: 'isIsoInstant' })]);
  });
});

describe('pagination', () => {
  // Issue #11 defect 3: page=1e18 overflowed OFFSET, a 500.
  it.each(['1e18', '10001', '0', '1.5', 'abc'])('refuses page=%s', async (page) => {
    expect(await errorsOf(ListContractsQuery, { page })).toContainEqual(expect.objectContaining({ field: 'page' }));
  });

  it('accepts the bounds', async () => {
    expect(await errorsOf(ListContractsQuery, { page: '10000', pageSize: '100' })).toEqual([]);
  });
});
