// GET /health: liveness and readiness, whether the API reaches its database and Temporal.
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({
  controllers: [HealthController],
})
export class HealthModule {}
