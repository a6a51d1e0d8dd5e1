// Customer capture compares names (issue 15): a customer record carries the other names it is
// known by (its Chinese legal name, its English name, former names), and a record created for a
// new registration number whose name resembles an existing customer's keeps a pointer to that
// customer and the score, so the credit controller (and later a merge) can find the pair.
// Similarity is computed by the application (src/domain/customer/name-match.ts), never by SQL.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerAliases1764633600001 implements MigrationInterface {
  name = 'CustomerAliases1764633600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers ADD COLUMN aliases text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE customers ADD COLUMN probable_duplicate_of uuid REFERENCES customers (id)`);
    await q.query(`ALTER TABLE customers ADD COLUMN probable_duplicate_score numeric(4,3)`);
    await q.query(`
      ALTER TABLE customers ADD CONSTRAINT customers_probable_duplicate_check
        CHECK ((probable_duplicate_of IS NULL) = (probable_duplicate_score IS NULL) AND probable_duplicate_of IS DISTINCT FROM id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customers DROP CONSTRAINT IF EXISTS customers_probable_duplicate_check`);
    await q.query(`ALTER TABLE customers DROP COLUMN IF EXISTS probable_duplicate_score`);
    await q.query(`ALTER TABLE customers DROP COLUMN IF EXISTS probable_duplicate_of`);
    await q.query(`ALTER TABLE customers DROP COLUMN IF EXISTS aliases`);
  }
}
