// Free ports come from below the kernel's ephemeral range, where no outgoing connection or
// port-0 listener can take them between the pick and the server's own listen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort, isPortFree, portsBelowEphemeralRange } from './free-port';

const rangeFile = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'free-port-')), 'range');
  writeFileSync(file, text);
  return file;
};

test('the ports below the ephemeral range, from the range file; none when it is missing or leaves too few', () => {
  expect(portsBelowEphemeralRange(rangeFile('32768\t60999\n'))).toEqual({ from: 10_000, to: 32_767 });
  expect(portsBelowEphemeralRange(rangeFile('10500 60999'))).toBeNull();
  expect(portsBelowEphemeralRange(rangeFile('garbage'))).toBeNull();
  expect(portsBelowEphemeralRange(join(tmpdir(), 'no-such-range-file'))).toBeNull();
});

test('a free port is one a server can listen on, outside the ephemeral range where the machine has one', async () => {
  const port = await getFreePort();
  const range = portsBelowEphemeralRange();
  if (range) {
    expect(port).toBeGreaterThanOrEqual(range.from);
    expect(port).toBeLessThanOrEqual(range.to);
  }
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ port, host: '127.0.0.1', exclusive: true }, resolve));
  try {
    expect(await isPortFree(port)).toBe(false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(await isPortFree(port)).toBe(true);
});
