// Running a benchmark series (a pool of concurrent runs, or one at a time) and printing series
// side by side with their ratios to the baseline measured in the same run.
import { percentile } from './percentile';

export interface Series {
  name: string;
  count: number;
  wallMs: number;
  /** Ascending, in ms. */
  latencies: number[];
  /** false: latency only (e.g. one at a time), throughput is not printed. */
  throughput?: boolean;
}

export const pct = (sorted: readonly number[], p: number) => percentile(sorted, p / 100);
export const perSec = (s: Series) => (s.count / s.wallMs) * 1000;

export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        out.push(await fn(item));
      }
    }),
  );
  return out;
}

/** Runs `one` count times, `concurrency` at a time; each call returns its latency in ms. */
export async function measure(name: string, count: number, concurrency: number, one: (i: number) => Promise<number>): Promise<Series> {
  const started = performance.now();
  const latencies = await pool([...Array(count).keys()], concurrency, one);
  return { name, count, wallMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b), throughput: concurrency > 1 || undefined };
}

/** A throughput series to run side by side with others (measureInterleaved). */
export interface SeriesRun {
  name: string;
  /** One run; returns its latency in ms. */
  one: (i: number) => Promise<number>;
}

/**
 * Throughput series side by side: each series' `count` runs go in `rounds` shares, and each round
 * runs one share of every series in turn, the order reversed every other round (A B, B A, …).
 * Run one after the other, whichever series ran while the machine was slower (a shared host's
 * speed drifts by tens of percent within minutes) looked worse; interleaved, drift falls on all
 * alike. A series' throughput is its count over the wall time of its own shares. Each share
 * starts full and ends draining, which costs every series the same fraction of its throughput
 * (about concurrency / (2 × share), by Little's law), so the ratios stay fair. `around` wraps each
 * share (CPU readings).
 */
export async function measureInterleaved(
  runs: SeriesRun[],
  count: number,
  concurrency: number,
  rounds: number,
  around: (index: number, share: () => Promise<void>) => Promise<void> = (_i, share) => share(),
): Promise<Series[]> {
  const out = runs.map((r): Series => ({ name: r.name, count: 0, wallMs: 0, latencies: [], throughput: concurrency > 1 || undefined }));
  for (let round = 0; round < rounds; round++) {
    const from = Math.floor((count * round) / rounds);
    const to = Math.floor((count * (round + 1)) / rounds);
    const order = runs.map((_r, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      await around(i, async () => {
        const started = performance.now();
        const latencies = await pool([...Array(to - from).keys()].map((k) => from + k), concurrency, runs[i].one);
        out[i].wallMs += performance.now() - started;
        out[i].count += latencies.length;
        out[i].latencies.push(...latencies);
      });
    }
  }
  for (const s of out) s.latencies.sort((a, b) => a - b);
  return out;
}

export function fromSamples(name: string, samples: number[]): Series {
  return { name, count: samples.length, wallMs: 0, latencies: [...samples].sort((a, b) => a - b), throughput: false };
}

const num = (n: number, width = 9) => (Number.isFinite(n) ? n.toFixed(1) : '–').padStart(width);

/** The table: per sec, p50, p99, max, and for throughput series the ratio to `baseline`. */
export function printTable(rows: Series[], baseline?: Series): void {
  const nameWidth = Math.max(44, ...rows.map((r) => r.name.length + 2));
  console.log(`${'series'.padEnd(nameWidth)}${'n'.padStart(6)}${'per sec'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'× base'.padStart(9)}`);
  for (const s of rows) {
    const rate = s.throughput === false ? NaN : perSec(s);
    const ratio = baseline && s.throughput !== false ? rate / perSec(baseline) : NaN;
    console.log(
      `${s.name.padEnd(nameWidth)}${String(s.count).padStart(6)}${num(rate)}${num(pct(s.latencies, 50))}${num(pct(s.latencies, 99))}${num(s.latencies[s.latencies.length - 1])}${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×`.padStart(9) : ''.padStart(9)}`,
    );
  }
}
