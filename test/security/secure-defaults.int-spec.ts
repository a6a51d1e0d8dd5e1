// Secure by default, on the real processes and a real PostgreSQL: in production the API and the
// worker refuse to run as the owner of the tables (they could disable the audit triggers), the
// API refuses to start without a real TOKEN_SECRET, and the migrate command refuses demo data and
// a migrator that is the application's own role, while a correct production setup migrates
// without seeding anyone.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { getFreePort } from '../../scripts/lib/free-port';
import { repoRoot } from '../../scripts/lib/paths';
import { assertLeastPrivilege, LeastPrivilegeError } from '../../src/database/grants';

jest.setTimeout(120_000);

const env = process.env as Record<string, string>;
const secret = () => randomBytes(32).toString('base64url');
const started: ChildProcess[] = [];

afterEach(() => {
  // Only the processes this file started, by pid; a process that already exited is left alone.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Runs one of the built entry points with exactly the given environment; resolves when it exits. */
function run(entry: string, vars: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', entry)], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function superuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: env.DATABASE_SUPERUSER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('production refuses to run as the table owner', () => {
  it('the boot check names DATABASE_URL, the role and the fix for the owner, and passes the application role', async () => {
    const owner = new DataSource({ type: 'postgres', url: env.DATABASE_ADMIN_URL });
    const app = new DataSource({ type: 'postgres', url: env.DATABASE_URL });
    await Promise.all([owner.initialize(), app.initialize()]);
    try {
      const refusal = assertLeastPrivilege(owner, { NODE_ENV: 'production' });
      await expect(refusal).rejects.toBeInstanceOf(LeastPrivilegeError);
      await expect(refusal).rejects.toThrow(/DATABASE_URL: .*role "greenlight_owner", which owns .*audit_events.*least-privilege role.*DATABASE_ADMIN_URL/);
      await expect(assertLeastPrivilege(app, { NODE_ENV: 'production' })).resolves.toBeUndefined();
      // Development keeps working on a single-role database.
      await expect(assertLeastPrivilege(owner, { NODE_ENV: 'development' })).resolves.toBeUndefined();
    } finally {
      await Promise.all([owner.destroy(), app.destroy()]);
    }
  });

  it('the API process exits with the explanation instead of serving', async () => {
    const port = await getFreePort();
    const result = await run('src/main.js', {
      NODE_ENV: 'production',
      TOKEN_SECRET: secret(),
      DATABASE_URL: env.DATABASE_ADMIN_URL,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      SMTP_URL: env.SMTP_URL,
      PORT: String(port),
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Refusing to start \(NODE_ENV=production\): DATABASE_URL: .*greenlight_owner/);
  });

  it('the worker process exits with the explanation instead of polling', async () => {
    const result = await run('src/worker.js', {
      NODE_ENV: 'production',
      TOKEN_SECRET: secret(),
      DATABASE_URL: env.DATABASE_ADMIN_URL,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `owner-check-${randomBytes(4).toString('hex')}`,
      SMTP_URL: env.SMTP_URL,
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Refusing to start \(NODE_ENV=production\): DATABASE_URL: .*greenlight_owner/);
  });
});

describe('production configuration at boot', () => {
  it('the API exits naming TOKEN_SECRET when it is missing, and NODE_ENV defaults to production', async () => {
    const result = await run('src/main.js', { DATABASE_URL: env.DATABASE_URL, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS, PORT: String(await getFreePort()) });
    expect(result.code).toBe(78);
    expect(result.output).toMatch(/NODE_ENV=production/);
    expect(result.output).toMatch(/TOKEN_SECRET: is required in production/);
  });

  it('the API exits naming TOKEN_SECRET when it is the published development value', async () => {
    const result = await run('src/main.js', {
      TOKEN_SECRET: 'dev-only-token-secret-change-me-0123456789',
      DATABASE_URL: env.DATABASE_URL,
      PORT: String(await getFreePort()),
    });
    expect(result.code).toBe(78);
    expect(result.output).toMatch(/TOKEN_SECRET: is the published development value/);
  });

  describe('the migrate command on a new database', () => {
    const name = `secure_defaults_${randomBytes(4).toString('hex')}`;
    const appUrl = withDatabase(env.DATABASE_URL, name);
    const adminUrl = withDatabase(env.DATABASE_ADMIN_URL, name);

    beforeAll(async () => {
      await superuser(`CREATE DATABASE ${name} OWNER ${new URL(env.DATABASE_ADMIN_URL).username}`);
      await superuser(`GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO ${new URL(env.DATABASE_URL).username}`);
    });
    afterAll(async () => {
      await superuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });

    const tables = async (): Promise<number> => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        return (await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n as number;
      } finally {
        await client.end();
      }
    };

    it('refuses demo seeding in production, before touching the database', async () => {
      const result = await run('src/cli/migrate.js', { NODE_ENV: 'production', TOKEN_SECRET: secret(), DATABASE_URL: appUrl, DATABASE_ADMIN_URL: adminUrl, SEED_DEMO_DATA: 'true' });
      expect(result.code).toBe(78);
      expect(result.output).toMatch(/SEED_DEMO_DATA: demo users .* are refused in production/);
      expect(await tables()).toBe(0);
    });

    it('refuses to migrate as the application role in production (it would own the tables)', async () => {
      const result = await run('src/cli/migrate.js', { NODE_ENV: 'production', TOKEN_SECRET: secret(), DATABASE_URL: appUrl });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/DATABASE_ADMIN_URL: must name the owner role .* "greenlight_app"/);
      expect(await tables()).toBe(0);
    });

    it('migrates a correct production setup without demo users or dev tokens', async () => {
      const result = await run('src/cli/migrate.js', { NODE_ENV: 'production', TOKEN_SECRET: secret(), DATABASE_URL: appUrl, DATABASE_ADMIN_URL: adminUrl });
      expect(result).toMatchObject({ code: 0 });
      expect(result.output).not.toContain('demo organisation seeded');
      const client = new Client({ connectionString: appUrl });
      await client.connect();
      try {
        expect((await client.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n).toBe(0);
        expect((await client.query(`SELECT count(*)::int AS n FROM api_tokens`)).rows[0].n).toBe(0);
        // Reference data is not demo data: the catalogue and the clause library are there.
        expect((await client.query(`SELECT count(*)::int AS n FROM products`)).rows[0].n).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    });
  });
});
