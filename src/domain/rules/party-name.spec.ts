import { partyNameKey, partyNameKeys } from './party-name';

describe('partyNameKey', () => {
  it.each([
    ['case and punctuation', 'EASTERN STAR TRADING CO., LTD.'],
    ['another legal form', 'Eastern Star Trading Corp.'],
    ['a longer legal form', 'Eastern-Star Trading Company Limited'],
    ['full-width letters and spaces', 'Ｅａｓｔｅｒｎ　Ｓｔａｒ　Ｔｒａｄｉｎｇ　Ｃｏ．，Ｌｔｄ．'],
    ['odd spacing', '  Eastern   Star Trading\tInc '],
    ['spaces inside the name', 'EasternStar Trading LLC'],
  ])('folds %s to the same key', (_what, name) => {
    expect(partyNameKey(name)).toBe('easternstartrading');
  });

  it('drops Chinese legal forms, simplified and traditional, and Japanese ones before or after the name', () => {
    expect(partyNameKey('东星贸易有限公司')).toBe('东星贸易');
    expect(partyNameKey('东星贸易股份有限公司')).toBe('东星贸易');
    expect(partyNameKey('东星贸易 有限责任公司')).toBe('东星贸易');
    expect(partyNameKey('東星貿易有限公司')).toBe('東星貿易');
    expect(partyNameKey('株式会社トヨタ')).toBe(partyNameKey('トヨタ株式会社'));
    // Half-width katakana folds to full-width.
    expect(partyNameKey('ﾄﾖﾀ株式会社')).toBe('トヨタ');
  });

  it('reads & as "and" and drops Latin accents', () => {
    expect(partyNameKey('Müller & Söhne GmbH')).toBe(partyNameKey('Muller and Sohne'));
  });

  it('never reduces a name to nothing but never matches a bare legal form either', () => {
    expect(partyNameKey('Co., Ltd.')).toBe('');
    expect(partyNameKey('有限公司')).toBe('');
    expect(partyNameKey('Limited Editions Ltd')).toBe('limitededitions');
  });

  it('keeps different companies apart', () => {
    expect(partyNameKey('Eastern Star Trading Corp.')).not.toBe(partyNameKey('Western Star Trading Corp.'));
    expect(partyNameKey('Shanghai Harbour Logistics Co., Ltd.')).toBe('shanghaiharbourlogistics');
  });

  it('partyNameKeys gives the distinct non-empty keys', () => {
    expect(partyNameKeys(['Eastern Star Trading Corp.', 'EASTERN STAR TRADING CO LTD', 'Co. Ltd', '东星贸易有限公司'])).toEqual(['easternstartrading', '东星贸易']);
  });
});
