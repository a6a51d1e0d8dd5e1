// The order bot's settings for the API, the RPA worker and the demo ERP, shared by `npm start`
// (scripts/stack.ts) and `npm run start:cluster` (scripts/stack-cluster.ts): the browser adapter
// when Chromium is installed, else the REST adapter against the ERP's REST mount (switched on for
// it). ORDER_SYSTEM_ADAPTER, ERP_URL and the account from the caller's environment win.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** `stateDir`: the stack's data folder; the ERP keeps its orders in <stateDir>/legacy-erp/orders.json. */
export function orderBotEnv(erpPort: number, stateDir: string, log: (line: string) => void): NodeJS.ProcessEnv {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  let hasChromium = true;
  try {
    accessSync(chromium, constants.X_OK);
  } catch {
    hasChromium = false;
  }
  const adapter = process.env.ORDER_SYSTEM_ADAPTER ?? (hasChromium ? 'browser' : 'rest');
  if (adapter === 'rest' && !hasChromium && !process.env.ORDER_SYSTEM_ADAPTER) {
    log(`Chromium is not installed at ${chromium}: the order bot uses the REST adapter against the demo ERP's REST mount (install chromium, or set CHROMIUM_PATH, for the browser adapter)`);
  }
  return {
    ORDER_SYSTEM_ADAPTER: adapter,
    CHROMIUM_PATH: chromium,
    ERP_PORT: String(erpPort),
    ERP_URL: process.env.ERP_URL ?? `http://127.0.0.1:${erpPort}`,
    ERP_USERNAME: process.env.ERP_USERNAME ?? 'greenlight-bot',
    ERP_PASSWORD: process.env.ERP_PASSWORD ?? 'orderdesk-demo',
    ERP_REST_ENABLED: process.env.ERP_REST_ENABLED ?? (adapter === 'rest' ? 'true' : 'false'),
    ERP_DATA_FILE: process.env.ERP_DATA_FILE ?? join(stateDir, 'legacy-erp', 'orders.json'),
    // The demo's status bot looks often, so a click on the ERP's operator buttons shows on the contract soon.
    ORDER_STATUS_POLL_SECONDS: process.env.ORDER_STATUS_POLL_SECONDS ?? '30',
  };
}
