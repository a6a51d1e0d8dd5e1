// A function that runs one SQL statement and returns its rows: what code that only reads needs
// from a connection, whether it holds a TypeORM DataSource, a pg Pool or a single pg Client.
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
