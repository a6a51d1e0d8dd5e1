// Which OrderSystem adapter the RPA worker uses: ORDER_SYSTEM_ADAPTER, against ERP_URL.
import { accessSync, constants } from 'node:fs';
import type { AppConfig } from '../../config/env.schema';
import { BrowserOrderSystem } from './browser-order-system';
import type { OrderSystem } from './order-system.port';
import { RestOrderSystem } from './rest-order-system';

export type OrderSystemConfig = Pick<AppConfig, 'ORDER_SYSTEM_ADAPTER' | 'ERP_URL' | 'ERP_USERNAME' | 'ERP_PASSWORD' | 'CHROMIUM_PATH'>;

/** The configured adapter; ORDER_SYSTEM_ADAPTER=none has no ERP to drive (the RPA worker refuses to start). */
export function createOrderSystem(config: OrderSystemConfig): OrderSystem {
  if (config.ORDER_SYSTEM_ADAPTER === 'none') throw new Error('ORDER_SYSTEM_ADAPTER is none: set browser or rest to run the order bot');
  const account = { baseUrl: config.ERP_URL, username: config.ERP_USERNAME, password: config.ERP_PASSWORD };
  return config.ORDER_SYSTEM_ADAPTER === 'rest' ? new RestOrderSystem(account) : new BrowserOrderSystem({ ...account, executablePath: config.CHROMIUM_PATH });
}

/** Whether a Chromium executable is at `path` (npm start falls back to the REST adapter when not). */
export function chromiumAvailable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
