import { parseChineseNumeral, parseCountry, parseCurrency, parseDate, parseMoney, parsePaymentDays, parseTaxRate, parseYesNo } from './values';

describe('intake value parsers', () => {
  it.each([
    ['CNY 190,000.00', 190000, 'CNY'],
    ['190,000 CNY', 190000, 'CNY'],
    ['¥190,000.00', 190000, 'CNY'],
    ['￥１９０，０００', 190000, 'CNY'],
    ['190000', 190000, null],
    ['US$ 1,200.50', 1200.5, 'USD'],
    ['€ 12,345.67', 12345.67, 'EUR'],
    ['19万元', 190000, 'CNY'],
    ['人民币19.5万元', 195000, 'CNY'],
    ['RMB 2,000', 2000, 'CNY'],
    ['HK$ 500', 500, 'HKD'],
  ])('money %s → %d %s', (text, value, currency) => {
    expect(parseMoney(text)).toEqual(expect.objectContaining({ value, currency }));
  });

  it('money: 万 is marked as scaled; text without a number is not money', () => {
    expect(parseMoney('19万元')?.scaled).toBe(true);
    expect(parseMoney('190,000')?.scaled).toBe(false);
    expect(parseMoney('see attachment')).toBeNull();
  });

  it.each([
    ['2027-01-15', '2027-01-15'],
    ['15 January 2027', '2027-01-15'],
    ['January 15, 2027', '2027-01-15'],
    ['Jan 15, 2027', '2027-01-15'],
    ['15th January 2027', '2027-01-15'],
    ['2027年1月15日', '2027-01-15'],
    ['２０２７年１２月３日', '2027-12-03'],
    ['2027-02-30', null],
    ['next spring', null],
  ])('date %s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([
    ['Net 30 days', 30],
    ['30 days net', 30],
    ['within 45 days of invoice', 45],
    ['发票后30天内付款', 30],
    ['60天', 60],
    ['三十天', 30],
    ['cash on delivery', null],
  ])('payment terms %s → %s', (text, days) => {
    expect(parsePaymentDays(text)).toBe(days);
  });

  it.each([
    ['CNY', 'CNY'],
    ['usd', 'USD'],
    ['人民币', 'CNY'],
    ['美元', 'USD'],
    ['欧元', 'EUR'],
    ['人民币 (CNY)', 'CNY'],
    ['shells', null],
  ])('currency %s → %s', (text, iso) => {
    expect(parseCurrency(text)).toBe(iso);
  });

  it('yes/no, tax rates, countries and Chinese numerals', () => {
    expect([parseYesNo('Yes'), parseYesNo('no'), parseYesNo('是'), parseYesNo('否'), parseYesNo('maybe')]).toEqual([true, false, true, false, null]);
    expect([parseTaxRate('6%'), parseTaxRate('6'), parseTaxRate('13 ％'), parseTaxRate('n/a')]).toEqual([6, 6, 13, null]);
    expect([parseCountry('CN'), parseCountry('cn'), parseCountry('China'), parseCountry('中国'), parseCountry('Atlantis')]).toEqual(['CN', 'CN', 'CN', 'CN', null]);
    expect([parseChineseNumeral('一'), parseChineseNumeral('十二'), parseChineseNumeral('二十'), parseChineseNumeral('三百六十五'), parseChineseNumeral('x')]).toEqual([1, 12, 20, 365, null]);
  });
});
