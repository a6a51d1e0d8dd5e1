// CPU time (user + system) of the benchmark's processes, each with all its descendants (the
// PostgreSQL postmaster's backends, living or ended and reaped), read from /proc as the worker
// pool reads RSS. Two readings around a series give what each process spent on it: the figure
// behind "cost per contract", where throughput alone says only that the machine is busy.
// Linux only; elsewhere `available` is false and nothing is printed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const available = process.platform === 'linux' && existsSync('/proc/self/stat');

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface Stat {
  ppid: number;
  /** utime + stime, and cutime + cstime (children it has reaped: PostgreSQL's ended backends), in clock ticks. */
  ticks: number;
}

/** A /proc/<pid>/stat line; the command (field 2) may hold spaces and parentheses, so fields are counted from its last ')'. */
export function parseStat(line: string): Stat {
  const f = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
}

function readStat(pid: number): Stat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Milliseconds of CPU each named group of processes and their living descendants have used so far. */
export function cpuMs(roots: Record<string, readonly number[]>): Record<string, number> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = readStat(Number(entry));
    if (st) stats.set(Number(entry), st);
  }
  const children = new Map<number, number[]>();
  for (const [pid, st] of stats) children.set(st.ppid, [...(children.get(st.ppid) ?? []), pid]);
  const out: Record<string, number> = {};
  for (const [name, pids] of Object.entries(roots)) {
    let ticks = 0;
    const todo = [...pids];
    while (todo.length) {
      const pid = todo.pop()!;
      ticks += stats.get(pid)?.ticks ?? 0;
      todo.push(...(children.get(pid) ?? []));
    }
    out[name] = (ticks / clockTicks()) * 1000;
  }
  return out;
}

/** What each process spent between two readings, per unit of work (e.g. per contract), in ms. */
export function perUnit(before: Record<string, number>, after: Record<string, number>, units: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - (before[k] ?? 0)) / units]));
}

/** A reading of the groups a harness runs: its servers, its workers, and this process (the API and the bench's client). */
export function readHarnessCpu(h: { serverPids: { temporal: number[]; postgres: number[] }; workers: { pids: number[] } }): Record<string, number> {
  const self = process.cpuUsage();
  return { ...cpuMs({ Temporal: h.serverPids.temporal, PostgreSQL: h.serverPids.postgres, workers: h.workers.pids }), 'API + client': (self.user + self.system) / 1000 };
}

/** One line per series: each group's CPU per unit and the total, in ms. */
export function printCpuTable(title: string, rows: { name: string; ms: Record<string, number> }[]): void {
  if (!available || !rows.length) return;
  const groups = Object.keys(rows[0].ms);
  const nameWidth = Math.max(44, ...rows.map((r) => r.name.length + 2));
  console.log(`\n${title}`);
  console.log(`${'series'.padEnd(nameWidth)}${[...groups, 'total'].map((g) => g.padStart(14)).join('')}`);
  for (const r of rows) {
    const total = groups.reduce((n, g) => n + r.ms[g], 0);
    console.log(`${r.name.padEnd(nameWidth)}${[...groups.map((g) => r.ms[g]), total].map((v) => v.toFixed(1).padStart(14)).join('')}`);
  }
}
