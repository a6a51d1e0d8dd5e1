// The bot_runs rows: written by the RPA activities (one per run, in the run's own transaction),
// read by ops (the list, and the screenshot of a failed run).
import type { DataSource, EntityManager } from 'typeorm';
import { BotRunEntity } from './bot-run.entity';

export type NewBotRun = Omit<BotRunEntity, never>;

export class BotRunsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(m: EntityManager, run: NewBotRun): Promise<void> {
    await m.getRepository(BotRunEntity).insert(run);
  }

  /** Newest first, without the screenshots themselves (hasScreenshot says whether there is one). */
  async list(filter: { status?: 'succeeded' | 'failed'; contractId?: string; limit: number }): Promise<(BotRunEntity & { hasScreenshot: boolean })[]> {
    const q = this.db.getRepository(BotRunEntity).createQueryBuilder('r').addSelect('r.screenshot IS NOT NULL', 'has_screenshot').orderBy('r.started_at', 'DESC').limit(filter.limit);
    if (filter.status) q.andWhere('r.status = :status', { status: filter.status });
    if (filter.contractId) q.andWhere('r.contract_id = :contractId', { contractId: filter.contractId });
    const { entities, raw } = await q.getRawAndEntities<{ has_screenshot: boolean }>();
    return entities.map((e, i) => Object.assign(e, { hasScreenshot: raw[i].has_screenshot === true }));
  }

  /** The run's screenshot: undefined when there is no such run, null when it has none. */
  async screenshot(id: string): Promise<Buffer | null | undefined> {
    const row = await this.db.getRepository(BotRunEntity).findOne({ select: { id: true, screenshot: true }, where: { id } });
    return row ? row.screenshot : undefined;
  }
}
