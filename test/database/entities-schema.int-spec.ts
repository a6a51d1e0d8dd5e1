// Every TypeORM entity matches the schema the migrations build: each mapped column exists, with
// the same type and nullability, and no NOT NULL column without a default is left unmapped (an
// insert through the entity would fail). synchronize stays off, so nothing else checks this.
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';

let db: DataSource;

beforeAll(async () => {
  db = createAppDataSource(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }));
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
});

interface DbColumn {
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

/** information_schema's name for what an entity declares. */
function dbTypeOf(type: string, isArray: boolean): string {
  const base = ({ int: 'int4', integer: 'int4', bigint: 'int8', smallint: 'int2', boolean: 'bool', numeric: 'numeric', text: 'text', uuid: 'uuid', jsonb: 'jsonb', timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz' } as Record<string, string>)[type] ?? type;
  return isArray ? `_${base}` : base;
}

test('every entity column exists with the migrations’ type and nullability', async () => {
  const problems: string[] = [];
  for (const meta of db.entityMetadatas) {
    const columns: DbColumn[] = await db.query(
      `SELECT column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
      [meta.tableName],
    );
    if (!columns.length) {
      problems.push(`${meta.name}: table ${meta.tableName} does not exist`);
      continue;
    }
    const byName = new Map(columns.map((c) => [c.column_name, c]));
    for (const col of meta.columns) {
      const actual = byName.get(col.databaseName);
      if (!actual) {
        problems.push(`${meta.name}.${col.propertyName}: no column ${meta.tableName}.${col.databaseName}`);
        continue;
      }
      const expected = dbTypeOf(String(col.type), col.isArray);
      if (actual.udt_name !== expected) problems.push(`${meta.name}.${col.propertyName}: entity says ${expected}, table has ${actual.udt_name}`);
      if (col.isNullable !== (actual.is_nullable === 'YES')) problems.push(`${meta.name}.${col.propertyName}: entity nullable=${col.isNullable}, table ${actual.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`);
    }
    const mapped = new Set(meta.columns.map((c) => c.databaseName));
    for (const c of columns) {
      if (!mapped.has(c.column_name) && c.is_nullable === 'NO' && c.column_default === null) problems.push(`${meta.name}: NOT NULL column ${meta.tableName}.${c.column_name} without a default is not mapped`);
    }
  }
  expect(problems).toEqual([]);
});
