// Runs the mail catcher on its own (`npm run mail-catcher`), for pointing a separately started
// API or worker at it. `npm start` runs the same catcher inside the stack.
//   --smtp-port <n>  (MAIL_CATCHER_SMTP_PORT, default 1025)
//   --http-port <n>  (MAIL_CATCHER_HTTP_PORT, default 1080)
//   --data-dir <dir> (MAIL_CATCHER_DATA_DIR, default .data/mail; --no-persist keeps mail in memory only)
import { join } from 'node:path';
import { createMailCatcher } from './lib/mail-catcher';
import { dataDir } from './lib/paths';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function port(value: string | undefined, fallback: number, what: string): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`invalid ${what}: ${value}`);
  return parsed;
}

async function main(): Promise<void> {
  const smtpPort = port(option('smtp-port') ?? process.env.MAIL_CATCHER_SMTP_PORT, 1025, 'SMTP port');
  const httpPort = port(option('http-port') ?? process.env.MAIL_CATCHER_HTTP_PORT, 1080, 'HTTP port');
  const persist = !process.argv.includes('--no-persist');
  const folder = persist ? (option('data-dir') ?? process.env.MAIL_CATCHER_DATA_DIR ?? join(dataDir, 'mail')) : undefined;

  const catcher = await createMailCatcher({
    smtpPort,
    httpPort,
    dataDir: folder,
    onMessage: (m) => console.log(`[mail] ${m.envelope.to.join(', ')}: ${m.subject}`),
  });
  console.log(`mail catcher: SMTP ${catcher.smtpUrl}, inbox http://localhost:${httpPort} (JSON: /api/messages)${folder ? `, mail kept in ${folder}` : ''}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    catcher.stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
