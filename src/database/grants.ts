// Least privilege for the application's role: read and write its tables, but only append to the
// audit trail. Run after migrations by the owner; idempotent.
import type { DataSource } from 'typeorm';

export async function grantAppRole(admin: DataSource, appUser: string): Promise<void> {
  const [{ current_user: owner }] = await admin.query('SELECT current_user');
  if (owner === appUser) return; // single-role deployments: the audit triggers still refuse UPDATE/DELETE
  const role = `"${appUser.replace(/"/g, '""')}"`;
  await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await admin.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${role}`);
  await admin.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${role}`);
}
