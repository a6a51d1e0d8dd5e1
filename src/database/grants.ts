// Least privilege for the application's role: read and write its tables, but only append to the
// audit trail. Run after migrations by the owner; idempotent. And the boot check that the API
// and the worker do not run as the owner of those tables (an owner, or anyone who may act as one,
// can disable the audit triggers and rewrite the trail).
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.schema';

export async function grantAppRole(admin: DataSource, appUser: string): Promise<void> {
  const [{ current_user: owner }] = await admin.query('SELECT current_user');
  if (owner === appUser) return; // single-role deployments (development only: production refuses them at boot)
  const role = `"${appUser.replace(/"/g, '""')}"`;
  await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await admin.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${role}`);
  await admin.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${role}`);
  // Bumped by the owner's trigger only (migration 1764979200000).
  await admin.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON reference_versions FROM ${role}`);
}

export interface RolePrivileges {
  role: string;
  superuser: boolean;
  /** Tables in the search path that the role owns, or whose owner it is a member of (and so may SET ROLE to). */
  ownedTables: string[];
}

/** What the connected role could do beyond its grants, read from pg_roles and pg_class. */
export async function rolePrivileges(db: DataSource): Promise<RolePrivileges> {
  const [row] = await db.query(
    `SELECT current_user AS role, r.rolsuper AS superuser,
            COALESCE((SELECT array_agg(c.relname::text ORDER BY c.relname)
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'p')
                        AND pg_has_role(current_user, c.relowner, 'MEMBER')), '{}') AS owned
     FROM pg_roles r WHERE r.rolname = current_user`,
  );
  return { role: row.role, superuser: row.superuser === true, ownedTables: row.owned ?? [] };
}

/** Why this role must not run the application, with the fix, or null when it is least-privilege. */
export function leastPrivilegeProblem(p: RolePrivileges): string | null {
  if (!p.superuser && p.ownedTables.length === 0) return null;
  const what = p.superuser
    ? `is a superuser`
    : `owns (or may act as the owner of) ${p.ownedTables.length} table(s): ${p.ownedTables.slice(0, 5).join(', ')}${p.ownedTables.length > 5 ? ', …' : ''}`;
  return (
    `DATABASE_URL: the application connects to PostgreSQL as role "${p.role}", which ${what}; ` +
    `such a role can disable the audit triggers and rewrite the audit trail. Connect DATABASE_URL as a ` +
    `least-privilege role (for example: CREATE ROLE greenlight_app LOGIN PASSWORD '…'; not a member of the owner role, ` +
    `not a superuser), set DATABASE_ADMIN_URL to the owner role, and run the migrate command ` +
    `(node dist/src/cli/migrate.js), which grants the application role exactly what it needs.`
  );
}

export class LeastPrivilegeError extends Error {
  override name = 'LeastPrivilegeError';
}

/** In production, refuses to go on when the application's connection is the table owner (or a superuser). */
export async function assertLeastPrivilege(db: DataSource, config: Pick<AppConfig, 'NODE_ENV'>): Promise<void> {
  if (config.NODE_ENV !== 'production') return;
  const problem = leastPrivilegeProblem(await rolePrivileges(db));
  if (problem) throw new LeastPrivilegeError(`Refusing to start (NODE_ENV=production): ${problem}`);
}
