// A strict reader of the Prometheus text exposition format (0.0.4) for the observability tests.
// No maintained parser is installed (prom-client only writes the format; parse-prometheus-text-format
// is not a dependency), so this checks every line against the format's grammar — HELP, TYPE,
// comments and samples with escaped label values — and throws naming the first line that does not
// fit; the tests then assert on exact samples.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Metric family name -> its TYPE. */
  types: Map<string, string>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:\\\\[\\\\"n]|[^"\\\\\\n])*"';
// Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`).
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}=${LABEL_VALUE}(?:,${LABEL}=${LABEL_VALUE})*)?,?)\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME})(?: .*)?$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const LABEL_PAIR = new RegExp(`(${LABEL})=(${LABEL_VALUE})`, 'g');

function numberOf(v: string): number {
  if (/^nan$/i.test(v)) return NaN;
  if (/^[+]?inf(inity)?$/i.test(v)) return Infinity;
  if (/^-inf(inity)?$/i.test(v)) return -Infinity;
  return Number(v);
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type) {
        if (types.has(type[1])) throw new Error(`line ${i + 1}: second TYPE for ${type[1]}`);
        types.set(type[1], type[2]);
        return;
      }
      if (HELP.test(line) || (!line.startsWith('# HELP') && !line.startsWith('# TYPE'))) return;
      throw new Error(`line ${i + 1} is not valid exposition text: ${line}`);
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not valid exposition text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, quoted] of (m[2] ?? '').matchAll(LABEL_PAIR)) labels[key] = JSON.parse(quoted) as string;
    samples.push({ name: m[1], labels, value: numberOf(m[3]) });
  });
  return { samples, types };
}

/** The value of the one sample with this name and exactly these labels (0 when absent). */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const want = JSON.stringify(Object.entries(labels).sort());
  const found = exposition.samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name}${want}`);
  return found[0]?.value ?? 0;
}

/** Samples of `name` summed per value of `label`. */
export function byLabel(exposition: Exposition, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of exposition.samples) if (s.name === name && s.labels[label] !== undefined) out[s.labels[label]] = (out[s.labels[label]] ?? 0) + s.value;
  return out;
}
