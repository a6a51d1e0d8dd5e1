import { bestNameMatch, characterSimilarity, comparableName, nameSimilarity, wordSimilarity } from './name-match';

// slim-2026.12.1's thresholds (credit_check duplicateNameThreshold, compliance_screening nameMatchThreshold).
const THRESHOLD = 0.88;
const REGISTERED = 'Shanghai Harbour Logistics Co., Ltd.';
// The registry's record: English name and its known Chinese alias.
const RECORD_NAMES = [REGISTERED, '上海港湾物流有限公司'];

describe('name matching', () => {
  it.each([
    ['legal form without punctuation', 'Shanghai Harbour Logistics Co Ltd', 1],
    ['the registered spelling itself', 'Shanghai Harbour Logistics Co., Ltd.', 1],
    ['upper case without legal form', 'SHANGHAI HARBOUR LOGISTICS', 1],
    ['the Chinese name (a known alias)', '上海港湾物流有限公司', 1],
    ['the Chinese name with another legal form', '上海港湾物流股份有限公司', 1],
    ['the Chinese name in pinyin', 'Shanghai Gangwan Wuliu Co., Ltd.', 1],
    ['words reordered', 'Harbour Logistics Shanghai Ltd', 1],
  ])('%s: %s matches exactly (score %s)', (_why, name, score) => {
    expect(bestNameMatch([name], RECORD_NAMES)!.score).toBe(score);
  });

  it('typos match above the threshold, below 1', () => {
    const m = bestNameMatch(['Shanghai Harbor Logistic Co'], RECORD_NAMES)!;
    expect(m.score).toBeGreaterThanOrEqual(THRESHOLD);
    expect(m.score).toBeLessThan(1);
    expect(m.matchedName).toBe(REGISTERED);
  });

  it('a pinyin spelling with a typo still matches the Chinese alias', () => {
    const m = bestNameMatch(['Shanghai Gangwan Wuiu'], ['上海港湾物流有限公司'])!;
    expect(m.score).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it.each([
    ['another trade, same city and brand', 'Shanghai Harbour Engineering Co., Ltd.'],
    ['another city, same trade', 'Ningbo Harbour Logistics Co., Ltd.'],
    ['a one-word difference that is not a typo', 'Shanghai Harbin Logistics Co., Ltd.'],
    ['a different Chinese company, same city and trade', '上海海港物流有限公司'],
    ['a different company altogether', 'Beijing Northern Grid Holdings'],
  ])('%s (%s) stays below the threshold', (_why, name) => {
    expect(bestNameMatch([name], RECORD_NAMES)!.score).toBeLessThan(THRESHOLD);
  });

  it('keeps firms apart that share all words but one', () => {
    expect(nameSimilarity('Beijing Northern Grid Holdings', 'Beijing Northern Grain Holdings')).toBeLessThan(THRESHOLD);
    expect(nameSimilarity('Eastern Star Trading Corp.', 'Eastern Sun Trading Corp.')).toBeLessThan(THRESHOLD);
    expect(nameSimilarity('Eastern Star Trading Corp.', 'Estern Star Trading Company')).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('never reads a different number as a typo', () => {
    expect(nameSimilarity('Newco 1 Trading Co., Ltd.', 'Newco 2 Trading Co., Ltd.')).toBeLessThan(0.5);
    expect(nameSimilarity('Newco 12 Trading', 'Newco 12 Tradng')).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('is symmetric and bounded', () => {
    const pairs: [string, string][] = [
      ['Shanghai Harbor Logistic Co', REGISTERED],
      ['上海港湾物流', 'Shanghai Gangwan Wuliu'],
      ['Acme', 'Acme Shanghai Ltd'],
    ];
    for (const [a, b] of pairs) {
      const s = nameSimilarity(a, b);
      expect(s).toBe(nameSimilarity(b, a));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('gives 0 for names that are nothing but a legal form, and null for no candidates', () => {
    expect(nameSimilarity('Co., Ltd.', 'Co., Ltd.')).toBe(0);
    expect(bestNameMatch(['Anything'], [])).toBeNull();
  });

  it('exposes its parts', () => {
    expect(comparableName('上海港湾物流有限公司')).toEqual({ name: '上海港湾物流有限公司', key: '上海港湾物流', words: ['上海港湾物流'], pinyinKey: 'shanghaigangwanwuliu' });
    expect(characterSimilarity('harbor', 'harbour')).toBeCloseTo(6 / 7);
    expect(wordSimilarity(['grid'], ['grain'])).toBe(0);
  });
});
