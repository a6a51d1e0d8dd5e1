// The cluster's port choice: Temporal stores each service's ports in cluster_membership as
// SMALLINT, so ports picked for a test cluster must stay below 32768 (the kernel's own free
// ports never do); explicit ports override the defaults one by one.
import { isPortFree } from './free-port';
import { DEFAULT_CLUSTER_PORTS, resolvePorts } from './temporal-cluster';

test("'free' gives ten distinct free ports below 32768, one per service port", async () => {
  const ports = await resolvePorts('free');
  const values = Object.values(ports);
  expect(Object.keys(ports).sort()).toEqual(Object.keys(DEFAULT_CLUSTER_PORTS).sort());
  expect(new Set(values).size).toBe(values.length);
  for (const port of values) {
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(32_768);
    expect(await isPortFree(port)).toBe(true);
  }
});

test('explicit ports override the start:cluster defaults one by one', async () => {
  expect(await resolvePorts({ frontend: 17_233, metrics: 18_000 })).toEqual({ ...DEFAULT_CLUSTER_PORTS, frontend: 17_233, metrics: 18_000 });
  expect(await resolvePorts(undefined)).toEqual(DEFAULT_CLUSTER_PORTS);
});
