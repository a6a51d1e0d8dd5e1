// Runs the mail catcher on its own (`npm run mail-catcher`), for pointing a separately started
// API or worker at it. `npm start` runs the same catcher inside the stack.
// Options: `npm run mail-catcher -- --help`.
import { join } from 'node:path';
import { createMailCatcher } from './lib/mail-catcher';
import { dataDir } from './lib/paths';
import { checkArgs, type CliOption, type CliSpec, CliUsageError, numberArg, parseCli } from '../src/cli/cli-args';

const CLI = {
  usage: 'npm run mail-catcher -- [--smtp-port N] [--http-port N] [--data-dir DIR | --no-persist]',
  summary: 'Runs the mail catcher on its own, for pointing a separately started API or worker at it.',
  options: {
    'smtp-port': { type: 'string', valueName: 'N', description: 'SMTP port (MAIL_CATCHER_SMTP_PORT, default 1025)' },
    'http-port': { type: 'string', valueName: 'N', description: 'inbox and JSON port (MAIL_CATCHER_HTTP_PORT, default 1080)' },
    'data-dir': { type: 'string', valueName: 'DIR', description: 'where mail is kept (MAIL_CATCHER_DATA_DIR, default .data/mail)' },
    'no-persist': { type: 'boolean', description: 'keep mail in memory only' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);

function port(value: string | undefined, fallback: number, flag: string): number {
  const parsed = value === undefined ? fallback : numberArg(value, flag, { min: 0, integer: true });
  if (parsed > 65535) throw new CliUsageError(`--${flag} must be a port from 0 to 65535, got ${parsed}`);
  return parsed;
}

async function main(): Promise<void> {
  const [smtpPort, httpPort] = checkArgs(CLI, () => [
    port(values['smtp-port'] ?? process.env.MAIL_CATCHER_SMTP_PORT, 1025, 'smtp-port'),
    port(values['http-port'] ?? process.env.MAIL_CATCHER_HTTP_PORT, 1080, 'http-port'),
  ]);
  const persist = !values['no-persist'];
  const folder = persist ? (values['data-dir'] ?? process.env.MAIL_CATCHER_DATA_DIR ?? join(dataDir, 'mail')) : undefined;

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
