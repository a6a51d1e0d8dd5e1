import { buildUscc, isValidUscc, normaliseUscc, organisationCodeCheckCharacter, usccCheckCharacter, usccProblem, withCheckCharacter } from './uscc';

// 91350100M000100Y43 is the worked example printed with GB 32100-2015.
const VALID = '91350100M000100Y43';

describe('Unified Social Credit Code (GB 32100-2015)', () => {
  it.each([
    ['the standard worked example', VALID],
    ['a Beijing enterprise', '91110000600037341L'],
    ['a generated Shanghai enterprise', buildUscc({ authorityAndCategory: '91', division: '310000', organisationBody: 'MA1FL000' })],
    ['a social organisation (civil affairs)', buildUscc({ authorityAndCategory: '51', division: '440300', organisationBody: '50000001' })],
  ])('accepts %s', (_name, code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it.each([
    ['lower case (upper-cased at intake)', '91350100m000100y43'],
    ['full-width digits and letters', '９１３５０１００Ｍ０００１００Ｙ４３'],
    ['surrounding spaces', `  ${VALID}\t`],
  ])('accepts %s after normalisation', (_name, code) => {
    expect(usccProblem(code)).toBeNull();
    expect(normaliseUscc(code)).toBe(VALID);
  });

  it.each([
    ['a wrong check character', '91350100M000100Y44', /position 18 '4' is not the check character \(expected '3'\)/],
    ['a wrong organisation-code check character', '91350100M000100Y53', /position 17 '5' is not the organisation code's check character \(expected '4' for M000100Y\)/],
    ['too short', '91350100M000100Y4', /must be 18 characters .* got 17/],
    ['too long', '91350100M000100Y433', /got 19/],
    ['empty', '', /got 0/],
    ['the letter O (charset)', '91350100MO00100Y43', /character 'O' at position 10 is not allowed/],
    ['the letter I (charset)', 'I1350100M000100Y43', /character 'I' at position 1/],
    ['a punctuation mark', '91350100-M00100Y43', /character '-' at position 9/],
    ['an unknown authority', withCheckCharacter('B1350100M000100Y4'), /position 1 'B' is not a registration authority/],
    ['a category the authority cannot issue', withCheckCharacter('94350100M000100Y4'), /position 2 '4' is not an organisation category of authority '9'/],
    ['letters in the division', withCheckCharacter('913501A0M000100Y4'), /positions 3-8 '3501A0' must be a six-digit/],
    ['an unknown province', withCheckCharacter('91990100M000100Y4'), /do not start with a province code/],
    ['another country’s register number', 'HRB-203344-DE', /must be 18 characters/],
  ])('rejects %s, saying which rule failed', (_name, code, message) => {
    expect(isValidUscc(code)).toBe(false);
    expect(usccProblem(code)).toMatch(message);
  });

  it('computes the check characters the standard defines', () => {
    expect(usccCheckCharacter(VALID.slice(0, 17))).toBe('3');
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
    // GB 11714: 11 - (sum mod 11), 10 → X, 11 → 0.
    expect(organisationCodeCheckCharacter('60003734')).toBe('1');
    expect(() => usccCheckCharacter('123')).toThrow(/17 characters/);
  });

  it('builds only valid codes, whatever the organisation body', () => {
    for (let i = 0; i < 500; i++) {
      const body = (i * 7919).toString(36).toUpperCase().padStart(8, '0').replace(/[IOZSV]/g, 'A').slice(-8);
      const code = buildUscc({ authorityAndCategory: '91', division: '440300', organisationBody: body });
      expect(usccProblem(code)).toBeNull();
    }
  });
});
