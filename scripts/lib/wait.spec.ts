import { waitFor } from './wait';

describe('waitFor', () => {
  it('resolves with the first truthy value, counting throws as "not yet"', async () => {
    let n = 0;
    const v = await waitFor(
      async () => {
        n++;
        if (n === 1) throw new Error('not up');
        return n === 3 && 'ready';
      },
      'the third probe',
      { intervalMs: 1 },
    );
    expect(v).toBe('ready');
    expect(n).toBe(3);
  });

  it('on timeout names what it waited for, the last error and the description', async () => {
    await expect(
      waitFor(() => Promise.reject(new Error('connection refused')), 'the API', { timeoutMs: 0, intervalMs: 1, describe: () => 'log tail' }),
    ).rejects.toThrow('Timed out after 0 ms waiting for the API: Error: connection refused\nlog tail');
    await expect(waitFor(async () => false, 'nothing', 0, 1)).rejects.toThrow('Timed out after 0 ms waiting for nothing');
  });

  it('stops at once when abort gives a reason, without probing', async () => {
    const probe = jest.fn(async () => true);
    await expect(waitFor(probe, 'the worker', { abort: () => 'worker exited (code 1)' })).rejects.toThrow('Stopped waiting for the worker: worker exited (code 1)');
    expect(probe).not.toHaveBeenCalled();
  });
});
