// Task links in PostgreSQL: issuing (one row per mail event and recipient, a fresh random token
// per mail attempt, stored hashed), reading for validation, the atomic single use, and the
// sampled audit rows of refused attempts. Used by the worker's mail notifier and by the task page.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, systemClock } from '../common/clock';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { insertAuditEvents } from '../audit/audit.repository';
import type { AuthUser } from '../directory/auth';
import { UserEntity } from '../directory/user.entity';
import { hashTaskLinkToken, newTaskLinkToken } from './task-link.tokens';

/** Tokens kept per link: a few resends after crashes between SMTP and the mail log, not every failed attempt of an outage. */
const TOKENS_KEPT_PER_LINK = 5;

export interface IssueLinkInput {
  /** SHA-256 of the link's row key (deriveTaskLinkToken): the same for every attempt of one mail. */
  tokenHash: string;
  taskId: string;
  userId: string;
  contractId: string;
  revision: number;
  mailEventKey: string;
  ttlHours: number;
}

export interface TaskLinkRow {
  id: string;
  taskId: string;
  userId: string;
  contractId: string;
  revision: number;
  expiresAt: Date;
  usedAt: Date | null;
  supersededAt: Date | null;
  /** expires_at <= now(), by the database clock. */
  expired: boolean;
}

/** The person a link was mailed to, as the task page acts for them: the signed-in user's fields. */
export type LinkRecipient = Omit<AuthUser, 'locale'>;

/** The task behind a link, as the validity rules need it. */
export interface LinkedTask {
  id: string;
  contractId: string;
  stepKey: string;
  revision: number;
  status: 'open' | 'decided' | 'cancelled';
  assigneeId: string;
  escalatedTo: string[];
  decision: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
  comment: string | null;
  contractRevision: number;
  contractStatus: string;
}

export interface RejectionInput {
  reason: string;
  detail: string;
  link: TaskLinkRow | null;
  task: LinkedTask | null;
  tokenHash: string | null;
  origin: Record<string, unknown>;
  /** What the limiter counted: this row stands for every refusal of its key in the window. */
  window: { key: 'link' | 'ip' | 'csrf'; sample: 'first_in_window' | 'limit_reached'; attempts: number; limited: boolean; endsAt: string };
}

/** task_links columns as findByHash selects them. */
interface LinkRow {
  id: string;
  task_id: string;
  user_id: string;
  contract_id: string;
  revision: number;
  expires_at: Date;
  used_at: Date | null;
  superseded_at: Date | null;
  expired: boolean;
}

interface LinkedTaskRow {
  id: string;
  contract_id: string;
  step_key: string;
  revision: number;
  status: LinkedTask['status'];
  assignee_id: string;
  escalated_to: string[] | null;
  decision: string | null;
  decided_by_id: string | null;
  decided_at: Date | null;
  comment: string | null;
  contract_revision: number;
  contract_status: string;
}

@Injectable()
export class TaskLinksRepository {
  constructor(
    private readonly db: DataSource,
    /** Stamps the refusals recorded in the audit trail. */
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Stores the link (or finds the one a previous attempt of the same mail stored) and retires
   * every unused link for the same contract's older revisions, and every unused link for this
   * task held by someone no longer entitled to decide it. Expiry counts from the latest attempt,
   * so a mail held back by an SMTP outage still arrives with its full lifetime.
   *
   * Every call also mints a new random token for the link and returns it for the URL: only its
   * hash is stored, so it cannot be given again, and a resend after a crash (same message, same
   * link row) carries a new token while the first mail's token stays valid. The newest few are kept.
   */
  async issue(input: IssueLinkInput): Promise<{ id: string; expiresAt: Date; token: string }> {
    return this.db.transaction(async (m) => {
      const [row]: { id: string; expires_at: Date }[] = await m.query(
        `INSERT INTO task_links (token_hash, task_id, user_id, contract_id, revision, mail_event_key, expires_at)
         VALUES ($1,$2,$3,$4,$5,$6, now() + make_interval(secs => $7))
         ON CONFLICT (token_hash) DO UPDATE SET expires_at = GREATEST(task_links.expires_at, EXCLUDED.expires_at)
           WHERE task_links.used_at IS NULL
         RETURNING id, expires_at`,
        [input.tokenHash, input.taskId, input.userId, input.contractId, input.revision, input.mailEventKey, Math.round(input.ttlHours * 3600)],
      );
      const issued = row ?? (await m.query(`SELECT id, expires_at FROM task_links WHERE token_hash = $1`, [input.tokenHash]))[0];
      const token = newTaskLinkToken();
      await m.query(`INSERT INTO task_link_nonces (nonce_hash, link_id) VALUES ($1, $2)`, [hashTaskLinkToken(token), issued.id]);
      await m.query(
        `DELETE FROM task_link_nonces WHERE link_id = $1 AND nonce_hash NOT IN (
           SELECT nonce_hash FROM task_link_nonces WHERE link_id = $1 ORDER BY created_at DESC LIMIT $2)`,
        [issued.id, TOKENS_KEPT_PER_LINK],
      );
      await this.supersedeStale(m, input.contractId, input.taskId);
      return { id: issued.id, expiresAt: new Date(issued.expires_at), token };
    });
  }

  private async supersedeStale(m: EntityManager, contractId: string, taskId: string): Promise<void> {
    await m.query(
      `UPDATE task_links l SET superseded_at = now()
       FROM contracts c WHERE c.id = l.contract_id AND l.contract_id = $1 AND l.revision < c.revision
         AND l.used_at IS NULL AND l.superseded_at IS NULL`,
      [contractId],
    );
    await m.query(
      `UPDATE task_links l SET superseded_at = now()
       FROM tasks t WHERE t.id = l.task_id AND l.task_id = $1
         AND l.user_id <> t.assignee_id AND NOT (l.user_id = ANY(t.escalated_to))
         AND l.used_at IS NULL AND l.superseded_at IS NULL`,
      [taskId],
    );
  }

  /** The link a mailed token belongs to (by the SHA-256 of the token). */
  async findByHash(tokenHash: string): Promise<TaskLinkRow | null> {
    const [r]: LinkRow[] = await this.db.query(
      `SELECT l.id, l.task_id, l.user_id, l.contract_id, l.revision, l.expires_at, l.used_at, l.superseded_at, l.expires_at <= now() AS expired
       FROM task_link_nonces n JOIN task_links l ON l.id = n.link_id WHERE n.nonce_hash = $1`,
      [tokenHash],
    );
    return r ? toLink(r) : null;
  }

  /**
   * Whether the token is a link's row key, i.e. the whole token of a link mailed before tokens
   * were random (or one computed from TOKEN_SECRET): refused either way, told apart for the page.
   */
  async isRowKey(tokenHash: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM task_links WHERE token_hash = $1`, [tokenHash]);
    return rows.length > 0;
  }

  async linkedTask(taskId: string): Promise<LinkedTask | null> {
    const [r]: LinkedTaskRow[] = await this.db.query(
      `SELECT t.id, t.contract_id, t.step_key, t.revision, t.status, t.assignee_id, t.escalated_to, t.decision, t.decided_by_id,
              t.decided_at, t.comment, c.revision AS contract_revision, c.status AS contract_status
       FROM tasks t JOIN contracts c ON c.id = t.contract_id WHERE t.id = $1`,
      [taskId],
    );
    if (!r) return null;
    return {
      id: r.id,
      contractId: r.contract_id,
      stepKey: r.step_key,
      revision: r.revision,
      status: r.status,
      assigneeId: r.assignee_id,
      escalatedTo: r.escalated_to ?? [],
      decision: r.decision,
      decidedById: r.decided_by_id,
      decidedAt: r.decided_at ? new Date(r.decided_at) : null,
      comment: r.comment,
      contractRevision: r.contract_revision,
      contractStatus: r.contract_status,
    };
  }

  /** The link's recipient, or null when no such user exists. */
  async recipient(userId: string): Promise<LinkRecipient | null> {
    const u = await this.db.getRepository(UserEntity).findOne({
      select: { id: true, username: true, displayName: true, email: true, roles: true, managerId: true, timeZone: true },
      where: { id: userId },
    });
    return u ? { id: u.id, username: u.username, displayName: u.displayName, email: u.email, roles: u.roles, managerId: u.managerId, timeZone: u.timeZone } : null;
  }

  /**
   * The single use: exactly one caller gets a use marker back, however many race for it. The
   * marker is the database's own text of used_at (microseconds), so release() can match it exactly.
   */
  async consume(linkId: string): Promise<string | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows]: [{ marker: string }[], number] = await this.db.query(
      `UPDATE task_links SET used_at = clock_timestamp()
       WHERE id = $1 AND used_at IS NULL AND superseded_at IS NULL AND expires_at > now()
       RETURNING used_at::text AS marker`,
      [linkId],
    );
    return rows[0]?.marker ?? null;
  }

  /**
   * Gives a consumed link back after a failure that recorded nothing (Temporal unreachable), so
   * the approver can try again. Only the use that consumed it may release it.
   */
  async release(linkId: string, marker: string): Promise<void> {
    await this.db.query(`UPDATE task_links SET used_at = NULL WHERE id = $1 AND used_at = $2::timestamptz`, [linkId, marker]);
  }

  /** One audit row standing for the refusals of one key in one window (see TaskLinkLimiter). */
  async recordRejection(input: RejectionInput): Promise<void> {
    const { link, task, window } = input;
    await insertAuditEvents(this.db.manager, [
      {
        eventKey: `task-link-rejected:${randomUUID()}`,
        type: AUDIT_EVENT_TYPES.TASK_LINK_REJECTED,
        contractId: link?.contractId ?? null,
        actorKind: 'anonymous',
        actorId: null,
        revision: link?.revision ?? null,
        stepKey: task?.stepKey ?? null,
        occurredAt: this.clock.now().toISOString(),
        origin: input.origin,
        data: {
          reason: input.reason,
          detail: input.detail,
          linkId: link?.id ?? null,
          taskId: link?.taskId ?? null,
          linkUserId: link?.userId ?? null,
          // Enough to correlate attempts with the same (possibly forged) token, useless to replay.
          tokenHashPrefix: input.tokenHash ? input.tokenHash.slice(0, 12) : null,
          countedBy: window.key,
          sample: window.sample,
          attemptsInWindow: window.attempts,
          rateLimited: window.limited,
          windowEndsAt: window.endsAt,
        },
      },
    ]);
  }
}

function toLink(r: LinkRow): TaskLinkRow {
  return {
    id: r.id,
    taskId: r.task_id,
    userId: r.user_id,
    contractId: r.contract_id,
    revision: r.revision,
    expiresAt: new Date(r.expires_at),
    usedAt: r.used_at ? new Date(r.used_at) : null,
    supersededAt: r.superseded_at ? new Date(r.superseded_at) : null,
    expired: Boolean(r.expired),
  };
}
