import { formatAmount, formatFraction, formatInstant, formatMoney, formatPaymentTerms, formatPercent, plural } from './format';

// What the three formatters this one replaced wrote (toLocaleString in the workflow and the
// mails); the workflow's step reasons and the mails keep exactly this text.
const localeMoney = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('formatMoney', () => {
  it.each([
    [0, '0.00'],
    [5, '5.00'],
    [999.5, '999.50'],
    [1000, '1,000.00'],
    [1234567.891, '1,234,567.89'],
    [1200000, '1,200,000.00'],
    [-2500.4, '-2,500.40'],
    [0.005, '0.01'],
  ])('%p -> %p', (value, text) => {
    expect(formatMoney(value)).toBe(text);
  });

  it('writes what toLocaleString en-US wrote for amounts in cents', () => {
    for (const n of [0, 0.1, 12.34, 999.99, 1000, 65432.1, 1_000_000, 98_765_432.12, 300_000, -1500.5]) {
      expect(formatMoney(n)).toBe(localeMoney(n));
    }
  });
});

describe('formatAmount', () => {
  it('puts the currency in front', () => {
    expect(formatAmount(1200000, 'CNY')).toBe('CNY 1,200,000.00');
    expect(formatAmount(99.9, 'USD')).toBe('USD 99.90');
  });
});

describe('formatPercent and plural', () => {
  it('write two decimals and singular or plural', () => {
    expect(formatPercent(12.5)).toBe('12.50%');
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(3, 'line')).toBe('3 lines');
  });
});

describe('formatInstant', () => {
  it('writes the instant as a person in the given zone reads it, naming the zone', () => {
    expect(formatInstant('2026-11-23T08:00:00Z', 'Asia/Shanghai')).toBe('Mon 23 Nov 2026, 16:00 (Asia/Shanghai)');
    expect(formatInstant(new Date('2026-11-23T08:00:00Z'), 'Europe/Berlin')).toBe('Mon 23 Nov 2026, 09:00 (Europe/Berlin)');
    expect(formatInstant('not a date', 'UTC')).toBe('unknown time');
  });

  it('writes fractions and payment terms', () => {
    expect(formatFraction(0.9)).toBe('90%');
    expect(formatPaymentTerms(0)).toBe('due on receipt');
    expect(formatPaymentTerms(30)).toBe('30 days net');
  });
});
