// Liveness and readiness: can the API reach its database and Temporal?
import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../directory/auth';
import { TemporalCalls } from '../temporal/temporal-calls';
import { HealthRepository } from './health.repository';

const PROBE_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: HealthRepository,
    private readonly temporal: TemporalCalls,
  ) {}

  @Get()
  @Public()
  async health(@Res() res: Response) {
    const [database, temporal] = await Promise.all([
      probe(() => this.db.ping()),
      // The gRPC deadline ends the request itself, not only our wait for it.
      probe(() => this.temporal.call((client) => client.connection.workflowService.getSystemInfo({}), PROBE_TIMEOUT_MS)),
    ]);
    const ok = database.ok && temporal.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  }
}

async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = Date.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout after ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS).unref())]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) };
  }
}
