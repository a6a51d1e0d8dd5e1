// The demo legacy ERP as its own process (npm start runs it next to the API and the workers).
// Shipped with the app rather than kept in tools/: the order bot in production drives it in the
// demo, and npm start runs the compiled dist/ like the other processes.
import { isAbsolute, resolve } from 'node:path';
import { loadConfigOrExit } from '../config/env.schema';
import { startLegacyErp } from './legacy-erp.server';

async function main() {
  const config = loadConfigOrExit();
  const dataFile = isAbsolute(config.ERP_DATA_FILE) ? config.ERP_DATA_FILE : resolve(process.cwd(), config.ERP_DATA_FILE);
  const erp = await startLegacyErp({
    dataFile,
    username: config.ERP_USERNAME,
    password: config.ERP_PASSWORD,
    rest: config.ERP_REST_ENABLED,
    autoAdvanceMs: config.ERP_AUTO_ADVANCE_SECONDS * 1000,
    host: '127.0.0.1',
    port: config.ERP_PORT,
  });
  console.log(`legacy ERP: ${erp.url} (orders in ${dataFile}; REST mount ${config.ERP_REST_ENABLED ? 'on' : 'off'}; auto-advance ${config.ERP_AUTO_ADVANCE_SECONDS ? `${config.ERP_AUTO_ADVANCE_SECONDS}s` : 'off'})`);
  const stop = () => {
    void erp.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    console.error('legacy ERP failed:', err);
    process.exit(1);
  });
}
