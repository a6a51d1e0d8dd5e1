// Argument parsing for every command-line tool (production CLIs, tools/, bench/, scripts/):
// node:util parseArgs in strict mode (unknown flags and missing values are refused), plus what it
// leaves to the caller: a --help built from the option descriptions, a usage error that names the
// flag and exits 2, and checked conversions of string values.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOption = NonNullable<ParseArgsConfig['options']>[string];
export type CliOption = ParseArgsOption & { description: string; valueName?: string };

export interface CliSpec<O extends Record<string, CliOption>> {
  /** One line, e.g. "npm run simulate -- [options]". */
  usage: string;
  /** What the command does, printed under the usage line by --help. */
  summary?: string;
  options: O;
  /** Free arguments after the options (names for --help); refused when absent. */
  positionals?: string;
}

/** A bad command line: the message names the flag and the rule. */
export class CliUsageError extends Error {}

export function helpText(spec: CliSpec<Record<string, CliOption>>): string {
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`;
    const def = o.default !== undefined && o.type === 'string' ? ` (default ${String(o.default)})` : '';
    return `  ${flag.padEnd(34)} ${o.description}${def}`;
  });
  return [`usage: ${spec.usage}`, ...(spec.summary ? ['', spec.summary] : []), '', 'options:', ...rows].join('\n');
}

const HELP: CliOption = { type: 'boolean', short: 'h', description: 'print this help and exit' };

/**
 * Parses argv (without the node and script paths). --help prints the help and exits 0; a bad
 * command line prints the error and the help to stderr and exits 2.
 */
export function parseCli<O extends Record<string, CliOption>>(argv: string[], spec: CliSpec<O>) {
  try {
    return parseCliOrThrow(argv, spec);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${helpText(spec)}\n`);
    process.exit(2);
  }
}

/** As parseCli, but throws CliUsageError instead of exiting on a bad command line (for tests). */
export function parseCliOrThrow<O extends Record<string, CliOption>>(argv: string[], spec: CliSpec<O>) {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP }).map(([name, { description: _d, valueName: _v, ...o }]) => [name, o]),
  ) as { [K in keyof O]: Omit<O[K], 'description' | 'valueName'> } & { help: { type: 'boolean'; short: 'h' } };
  type Config = { args: string[]; options: typeof options; strict: true; allowPositionals: boolean };
  let parsed: ReturnType<typeof parseArgs<Config>>;
  try {
    parsed = parseArgs<Config>({ args: argv, options, strict: true, allowPositionals: spec.positionals !== undefined });
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(helpText(spec));
    process.exit(0);
  }
  return { values: parsed.values, positionals: parsed.positionals as string[] };
}

/** A number ≥ min (and an integer when integer is set), or a usage error naming the flag. */
export function numberArg(value: string | undefined, flag: string, opts: { min?: number; integer?: boolean } = {}): number {
  const min = opts.min ?? -Infinity;
  const x = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(x) || x < min || (opts.integer && !Number.isInteger(x))) {
    const kind = opts.integer ? 'an integer' : 'a number';
    throw new CliUsageError(`--${flag} must be ${kind}${Number.isFinite(min) ? ` ≥ ${min}` : ''}, got ${JSON.stringify(value ?? '')}`);
  }
  return x;
}

/** One of the allowed values, or a usage error naming the flag. */
export function oneOfArg<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value ?? '')}`);
  }
  return value as T;
}

/** Runs a conversion, turning a CliUsageError into the same exit as parseCli's. */
export function checkArgs<T>(spec: CliSpec<Record<string, CliOption>>, convert: () => T): T {
  try {
    return convert();
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${helpText(spec)}\n`);
    process.exit(2);
  }
}
