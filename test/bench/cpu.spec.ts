// The benchmark's CPU reader (bench/lib/cpu.ts): /proc stat lines whose command holds spaces and
// parentheses, and a process tree whose grandchild has ended: its CPU still counts (the parent's
// reaped-children times), as PostgreSQL's ended backends must.
import { spawn } from 'node:child_process';
import { available, cpuMs, parseStat } from '../../bench/lib/cpu';

test('fields are counted from the last parenthesis of the command', () => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
  const line = '4242 (node (worker) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 12345 1000 100';
  expect(parseStat(line)).toEqual({ ppid: 17, ticks: 250 + 50 + 7 + 3 });
});

(available ? test : test.skip)('a tree counts the CPU of a grandchild that has ended and been reaped', async () => {
  // The child starts a grandchild that spins, reports its own CPU and exits; the child waits for
  // it (reaping it) and then stays alive until told to go.
  const grandchild = `const t=Date.now();while(Date.now()-t<400){}const u=process.cpuUsage();console.log(Math.round((u.user+u.system)/1000))`;
  const child = spawn(
    process.execPath,
    ['-e', `const c=require('node:child_process').spawnSync(process.execPath,['-e',${JSON.stringify(grandchild)}],{encoding:'utf8'});console.log('GRANDCHILD '+c.stdout.trim());process.stdin.resume();`],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    const reported = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /GRANDCHILD (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const tree = cpuMs({ child: [child.pid!] }).child;
    // Clock ticks are 10 ms: the tree holds at least what the grandchild says it used, less a tick.
    expect(reported).toBeGreaterThan(0);
    expect(tree).toBeGreaterThanOrEqual(reported - 10);
  } finally {
    child.kill('SIGTERM');
  }
});
