// Global setup of the `browser` project: builds the web app if its sources changed, then starts
// the same real servers as the int project — unless the int project's setup (the same servers,
// one set per run) already did in this run.
import intGlobalSetup from '../../support/global-setup';
import { SERVERS_KEY } from '../../support/test-servers';
import { ensureWebBuild } from './web-build';

export default async function browserGlobalSetup(): Promise<void> {
  ensureWebBuild();
  if (!(globalThis as Record<string, unknown>)[SERVERS_KEY]) await intGlobalSetup();
}
