// Finds a free TCP port on the loopback interface, so test servers never collide with a running
// `npm start` or with each other.
//
// The port is picked below the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range,
// 32768-60999 by default), not handed out by the kernel (listen on port 0): a port from the
// ephemeral range is free only until the kernel hands it out again, and between the pick and the
// server's own listen, every outgoing connection and every server that binds port 0 (the Temporal
// dev server binds several for its internal services) draws from that same range. A fuzz run's
// API once found its port taken that way. Below the range, only a process that names the port
// itself can take it. Where the range cannot be read (not Linux), the kernel picks.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const EPHEMERAL_RANGE = '/proc/sys/net/ipv4/ip_local_port_range';
/** Well above the ports people run things on (3000, 5432, 7233, 8080, 8233, …). */
const LOWEST = 10_000;
const ATTEMPTS = 50;

/** The ports below the ephemeral range to pick from, or null where the range is unknown or leaves too few. */
export function portsBelowEphemeralRange(rangeFile = EPHEMERAL_RANGE): { from: number; to: number } | null {
  let low: number;
  try {
    low = Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(low) || low - LOWEST < 1000) return null;
  return { from: LOWEST, to: low - 1 };
}

export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  const range = portsBelowEphemeralRange();
  if (range) {
    for (let i = 0; i < ATTEMPTS; i++) {
      const port = randomInt(range.from, range.to + 1);
      if (await isPortFree(port, host)) return port;
    }
  }
  return kernelPort(host);
}

/** A port the kernel hands out (from its ephemeral range). */
function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a listening socket'));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)));
    });
  });
}

/** Resolves true when nothing accepts connections on host:port. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
