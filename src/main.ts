// The API process: HTTP on PORT. Runs no workflow code (that is the worker's job).
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from './config/env.schema';
import { createApp } from './app.factory';

async function main() {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('Greenlight').log(`Web app on http://localhost:${config.PORT}/ ; API on http://localhost:${config.PORT}/api (OpenAPI at /api/docs)`);
}

main().catch((err) => {
  console.error('API failed to start:', err);
  process.exit(1);
});
