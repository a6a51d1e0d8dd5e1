// The database half of /health: one round trip through the application's DataSource (its pool,
// role and statement timeout), so a probe fails exactly when requests would.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class HealthRepository {
  constructor(private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
