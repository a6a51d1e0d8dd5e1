// The language a user reads Greenlight in (mails, the one-click decision page, the web app's
// default). NULL means "the organisation's default" (DEFAULT_LOCALE): a default that comes from
// configuration cannot be a column DEFAULT, and NULL keeps every existing user on it until they
// choose. The CHECK lists the catalogues the product ships.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserLocale1764547200000 implements MigrationInterface {
  name = 'UserLocale1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN locale text CONSTRAINT users_locale_check CHECK (locale IN ('zh-CN', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN locale`);
  }
}
