import { CliUsageError, helpText, numberArg, oneOfArg, parseCliOrThrow } from './cli-args';

const spec = {
  usage: 'tool [options]',
  options: {
    count: { type: 'string', default: '50', valueName: 'N', description: 'how many' },
    url: { type: 'string', description: 'where' },
    json: { type: 'boolean', description: 'as JSON' },
  },
} as const;

describe('parseCliOrThrow (node:util parseArgs, strict)', () => {
  it('returns the values with defaults for absent options', () => {
    expect(parseCliOrThrow(['--url', 'http://x', '--json'], spec).values).toEqual({ count: '50', url: 'http://x', json: true });
    expect(parseCliOrThrow(['--count=7'], spec).values).toEqual({ count: '7' });
  });

  it('refuses an unknown flag, a missing value and a stray positional, naming what is wrong', () => {
    expect(() => parseCliOrThrow(['--cuont', '3'], spec)).toThrow(CliUsageError);
    expect(() => parseCliOrThrow(['--cuont', '3'], spec)).toThrow(/--cuont/);
    expect(() => parseCliOrThrow(['--count'], spec)).toThrow(/--count/);
    expect(() => parseCliOrThrow(['extra'], spec)).toThrow(/extra/);
  });

  it('accepts positionals only when the spec names them', () => {
    expect(parseCliOrThrow(['a', 'b'], { ...spec, positionals: '<files…>' }).positionals).toEqual(['a', 'b']);
  });
});

describe('value conversions', () => {
  it('numberArg checks finiteness, the minimum and integrality, naming the flag and the rule', () => {
    expect(numberArg('12', 'count', { min: 1, integer: true })).toBe(12);
    expect(numberArg('0.5', 'median', { min: 0.01 })).toBe(0.5);
    expect(() => numberArg('0', 'count', { min: 1, integer: true })).toThrow('--count must be an integer ≥ 1, got "0"');
    expect(() => numberArg('1.5', 'count', { integer: true })).toThrow(/--count must be an integer/);
    expect(() => numberArg('abc', 'tick')).toThrow(/--tick must be a number/);
    expect(() => numberArg('', 'tick')).toThrow(CliUsageError);
    expect(() => numberArg(undefined, 'tick')).toThrow(CliUsageError);
  });

  it('oneOfArg lists the allowed values', () => {
    expect(oneOfArg('env', 'db', ['embedded', 'env'])).toBe('env');
    expect(() => oneOfArg('docker', 'db', ['embedded', 'env'])).toThrow('--db must be one of embedded, env, got "docker"');
  });
});

test('the help lists every option with its value name and default, and --help itself', () => {
  const help = helpText(spec);
  expect(help).toMatch(/^usage: tool \[options\]/);
  expect(help).toMatch(/--count <N>\s+how many \(default 50\)/);
  expect(help).toMatch(/--url <value>\s+where/);
  expect(help).toMatch(/--json\s+as JSON/);
  expect(help).toMatch(/-h, --help/);
});
