// Counting refused task-link attempts so that a flood is cut off without locking out the
// innocent. Two kinds of key, both in one PostgreSQL table that every API process shares
// (rate-limiter-flexible's RateLimiterPostgres, a fixed window per key):
//   link:<sha256 of a real link token>  a genuine link that keeps being refused (used, expired,
//                                       superseded, decided): only its holder can fill it;
//   ip:<address>                        unknown, malformed or forged tokens from one address.
// A valid link is never counted and never checked against an address, so stale clicks or
// garbage from one office NAT cannot block anyone's valid link.
//
// rate-limiter-flexible rather than @nestjs/throttler: the key (link or address) is known only
// after the token has been looked up, inside the service, whereas the throttler is a guard that
// picks its key before the handler runs; and it ships a PostgreSQL store, so nothing here is a
// hand-written counter.
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

export const TASK_LINK_WINDOW_SECONDS = 15 * 60;

export type RefusalKey = { kind: 'link'; tokenHash: string } | { kind: 'ip'; ip: string } | { kind: 'csrf'; tokenHash: string };

export interface RefusalCount {
  /** Over the limit: answer 429 instead of the refusal. */
  limited: boolean;
  /** Refusals counted for this key in the current window, this one included. */
  attempts: number;
  /** Seconds until the window ends (the Retry-After of a 429). */
  retryAfterSeconds: number;
  /** When the window ends, as an ISO instant. */
  windowEndsAt: string;
  /**
   * Whether this refusal is the audit sample: the first of its key in the window, or the one that
   * crossed the limit. The others are only counted, so a flood costs no audit writes.
   */
  sample: 'first_in_window' | 'limit_reached' | null;
}

export function refusalKey(key: RefusalKey): string {
  return key.kind === 'ip' ? `ip:${key.ip}` : `${key.kind}:${key.tokenHash}`;
}

export class TaskLinkLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(
    db: DataSource,
    private readonly maxFailures: number,
  ) {
    this.limiter = new RateLimiterPostgres({
      storeClient: db,
      storeType: 'typeorm',
      tableName: 'task_link_rate_limits',
      // Created by migration 1764201600000: the application role has no CREATE.
      tableCreated: true,
      // Deletes windows that ended an hour ago, every five minutes (an unref'd timer).
      clearExpiredByTimeout: true,
      keyPrefix: 'task-link',
      points: maxFailures,
      duration: TASK_LINK_WINDOW_SECONDS,
    });
  }

  /** Counts one refusal for the key. Database errors propagate (the page answers that nothing was recorded). */
  async refuse(key: RefusalKey): Promise<RefusalCount> {
    let res: RateLimiterRes;
    let limited = false;
    try {
      res = await this.limiter.consume(refusalKey(key), 1);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      res = err;
      limited = true;
    }
    const attempts = res.consumedPoints;
    const sample = res.isFirstInDuration ? 'first_in_window' : attempts === this.maxFailures + 1 ? 'limit_reached' : null;
    return {
      limited,
      attempts,
      retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      windowEndsAt: new Date(Date.now() + res.msBeforeNext).toISOString(),
      sample,
    };
  }
}
