// Ops' view of the RPA bots' runs: the list (failed ones with their error and where they stopped)
// and the screenshot of the page a failed run stopped on. Ops only.
import { Injectable } from '@nestjs/common';
import { AppError, EdgeErrorCode } from '../../common/app-error';
import { type AuthUser, isOps } from '../../directory/auth';
import { DomainErrorCode } from '../../domain/errors';
import type { BotRunEntity } from './bot-run.entity';
import type { BotRunsQuery, BotRunView } from './bot-runs.dto';
import { BotRunsRepository } from './bot-runs.repository';

@Injectable()
export class BotRunsService {
  constructor(private readonly repo: BotRunsRepository) {}

  async list(user: AuthUser, q: BotRunsQuery): Promise<BotRunView[]> {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, "Only ops see the bots' runs");
    const rows = await this.repo.list({ status: q.status, contractId: q.contractId, limit: q.limit ?? 100 });
    return rows.map(view);
  }

  async screenshot(user: AuthUser, id: string): Promise<Buffer> {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, "Only ops see the bots' screenshots");
    const shot = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.screenshot(id) : undefined;
    if (!shot) throw new AppError(EdgeErrorCode.NOT_FOUND, shot === null ? `Bot run ${id} has no screenshot` : `There is no bot run ${id}`);
    return shot;
  }
}

function view(r: BotRunEntity & { hasScreenshot: boolean }): BotRunView {
  return {
    id: r.id,
    bot: r.bot,
    contractId: r.contractId,
    adapter: r.adapter,
    status: r.status,
    outcome: r.outcome,
    erpOrderNumber: r.erpOrderNumber,
    attempt: r.attempt,
    step: r.step,
    error: r.error,
    pageUrl: r.pageUrl,
    screenshotUrl: r.hasScreenshot ? `/api/ops/bot-runs/${r.id}/screenshot.png` : null,
    durationMs: r.durationMs,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
  };
}
