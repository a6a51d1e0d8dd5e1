// The observability tests' exposition reader must refuse what Prometheus would refuse.
import { parseExposition, valueOf } from './exposition';

describe('parseExposition', () => {
  it('reads HELP, TYPE and samples with escaped label values, NaN and Inf', () => {
    const e = parseExposition(
      [
        '# HELP a_total A counter.',
        '# TYPE a_total counter',
        'a_total{kind="x\\"y\\\\z",step="s"} 3',
        'lag Nan',
        'h_bucket{le="+Inf"} 2 1700000000000',
        '',
      ].join('\n'),
    );
    expect(e.types.get('a_total')).toBe('counter');
    expect(valueOf(e, 'a_total', { kind: 'x"y\\z', step: 's' })).toBe(3);
    expect(valueOf(e, 'lag')).toBeNaN();
    expect(valueOf(e, 'h_bucket', { le: '+Inf' })).toBe(2);
  });

  it.each([
    ['a bad metric name', '1abc 3'],
    ['an unquoted label value', 'a{k=v} 1'],
    ['a missing value', 'a{k="v"}'],
    ['a word for a value', 'a 12abc'],
    ['a bad TYPE', '# TYPE a countr'],
    ['two TYPE lines for one family', '# TYPE a counter\n# TYPE a gauge'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseExposition(text)).toThrow(/line \d+/);
  });
});
