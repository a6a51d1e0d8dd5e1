// The task page behind an e-mailed link. Reading (GET/HEAD) validates the link without using
// it and shows the summary and a form; only a POST carrying the link, a matching CSRF pair and a
// pressed button decides, through TasksService.decide — the same Temporal Update as
// POST /api/tasks/:id/decision. Refused attempts are counted (TaskLinkLimiter): per link for a
// genuine link that keeps failing, per address only for unknown or forged tokens, so a valid link
// always works; the audit trail gets one sampled row per key and window, not one per request.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { AppError, EdgeErrorCode, httpStatusOf } from '../common/app-error';
import { Clock, systemClock } from '../common/clock';
import { DomainErrorCode } from '../domain/errors';
import type { Decision } from '../domain/chain/engine.types';
import { commentRefusal, mayDecide } from '../domain/routing/decision-eligibility';
import type { AuthUser } from '../directory/auth';
import { TasksService } from '../tasks/tasks.service';
import { MailDataRepository } from '../mail/mail-data.repository';
import { type Messages, messages } from '../mail/templates/i18n';
import type { Locale } from '../directory/locale';
import { type DecidedView, decisionWord, renderDecisionPage, renderOutcomePage } from './task-page.template';
import { csrfFieldFor, csrfMatches, hashTaskLinkToken, isWellFormedNonce, isWellFormedToken, newCsrfNonce } from './task-link.tokens';
import { type RefusalCount, type RefusalKey, TASK_LINK_WINDOW_SECONDS, TaskLinkLimiter } from './task-link-limiter';
import { type LinkedTask, type TaskLinkRow, TaskLinksRepository } from './task-links.repository';
import {
  DECISIONS,
  type DecisionForm,
  FINAL_REFUSALS,
  type PageRequest,
  type PageResult,
  type RefusalCode,
  refusalKeys,
  supersededBecause,
  type Verdict,
} from './task-link-page.types';

export { CSRF_COOKIE, type DecisionForm, type PageRequest, type PageResult } from './task-link-page.types';

@Injectable()
export class TaskLinksService {
  private readonly logger = new Logger('TaskLinks');
  private readonly limiter: TaskLinkLimiter;

  constructor(
    db: DataSource,
    private readonly links: TaskLinksRepository,
    private readonly data: MailDataRepository,
    private readonly tasks: TasksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.limiter = new TaskLinkLimiter(db, config.TASK_LINK_MAX_FAILURES_PER_15_MIN);
  }

  /** GET and HEAD: validate without using the link; show the summary and the form. */
  async view(token: string, req: PageRequest): Promise<PageResult> {
    const verdict = await this.check(token);
    if (!verdict.ok) return this.refuse(verdict, req);
    const nonce = isWellFormedNonce(req.csrfCookie) ? req.csrfCookie : newCsrfNonce();
    return this.decisionPage(verdict, nonce, 200);
  }

  /** POST: CSRF, then the single use, then the workflow's Update. */
  async decide(token: string, form: DecisionForm, req: PageRequest): Promise<PageResult> {
    const verdict = await this.check(token);
    if (!verdict.ok) return this.refuse(verdict, req);

    const decision = typeof form.decision === 'string' ? form.decision : '';
    const comment = typeof form.comment === 'string' ? form.comment.trim().slice(0, 4000) : '';
    // Browsers say where a request comes from; a post from another site is refused outright.
    const crossSite = req.fetchSite !== null && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none';
    if (crossSite || !csrfMatches(this.config.TOKEN_SECRET, verdict.tokenHash, req.csrfCookie, typeof form.csrf === 'string' ? form.csrf : undefined)) {
      // Counted and sampled for the audit, never blocking: only the link's holder can post to it.
      const count = await this.limiter.refuse({ kind: 'csrf', tokenHash: verdict.tokenHash });
      await this.record(verdict, 'CSRF_FAILED', 'The form did not carry a CSRF pair matching this link', req, 'csrf', count);
      return this.decisionPage(verdict, newCsrfNonce(), 403, { error: (m) => m.t('page.csrfFailed'), comment });
    }
    // Nothing is used up by a form that cannot succeed.
    if (!DECISIONS.has(decision)) {
      return this.decisionPage(verdict, req.csrfCookie!, 400, { error: (m) => m.t('page.pressButton'), comment });
    }
    if (commentRefusal(decision as Decision, comment)) return this.decisionPage(verdict, req.csrfCookie!, 400, { error: (m) => m.t(`page.commentRequired.${decision}`), comment });

    const marker = await this.links.consume(verdict.link.id);
    if (!marker) {
      // Another request used, or the clock expired, the link between the check and now.
      const again = await this.check(token);
      return this.refuse(again.ok ? { ...again, ok: false, code: DomainErrorCode.TOKEN_USED, detail: 'Used by a concurrent request' } : again, req);
    }

    const origin = { ip: req.ip, userAgent: req.userAgent, requestId: req.requestId, channel: 'task_link', linkId: verdict.link.id };
    try {
      const user = await this.authUser(verdict.link.userId);
      const result = await this.tasks.decide(user, verdict.task.id, { decision: decision as 'approve', comment: comment || undefined, revision: verdict.link.revision }, origin);
      const { timeZone, locale } = await this.viewerOf(verdict.link.userId);
      const m = messages(locale);
      const ctx = await this.data.taskContext(verdict.task.id);
      return {
        status: 200,
        html: renderOutcomePage({
          tone: 'ok',
          heading: m.t('page.recorded', { word: decisionWord(decision, m) }),
          message: m.t('page.thanks', { name: user.displayName }),
          timeZone,
          locale,
          decided: { decision, byName: user.displayName, at: result.task.decidedAt ?? this.clock.now().toISOString(), comment: comment || null },
          contract: ctx?.contract ?? null,
          stepName: ctx?.why.stepName ?? null,
        }),
      };
    } catch (err) {
      if (err instanceof AppError && FINAL_REFUSALS.has(err.code)) {
        const fresh = (await this.links.linkedTask(verdict.task.id)) ?? verdict.task;
        const code = err.code === DomainErrorCode.TASK_ALREADY_DECIDED || fresh.status !== 'open' ? DomainErrorCode.TASK_ALREADY_DECIDED : DomainErrorCode.TOKEN_SUPERSEDED;
        return this.refuse({ ok: false, code, detail: `${err.code}: ${err.message}`, tokenHash: verdict.tokenHash, link: verdict.link, task: fresh }, req, err.details);
      }
      // Nothing was recorded: give the link back so the approver can press again.
      await this.links.release(verdict.link.id, marker);
      if (err instanceof AppError && err.code === DomainErrorCode.COMMENT_REQUIRED) {
        return this.decisionPage(verdict, req.csrfCookie!, 400, { error: (m) => m.t(`page.commentRequired.${decision}`), comment });
      }
      if (err instanceof AppError && err.code === DomainErrorCode.VALIDATION_FAILED) {
        // The validator's own sentence, naming the field and the rule (English: it is the API's text).
        return this.decisionPage(verdict, req.csrfCookie!, 400, { error: () => err.message, comment });
      }
      this.logger.warn(`decision through link ${verdict.link.id} failed, link released: ${err instanceof Error ? err.message : String(err)}`);
      const status = err instanceof AppError ? httpStatusOf(err.code) : 503;
      return this.decisionPage(verdict, req.csrfCookie!, status >= 500 ? status : 503, { error: (m) => m.t('page.unavailable'), comment });
    }
  }

  // ---------------------------------------------------------------- validity

  /**
   * The link rules, in order: well-formed and known; not used; not expired; for the task's
   * current revision and the contract's; the task not cancelled or decided; not superseded; and
   * held by someone still entitled to decide (the assignee, or a manager it escalated to).
   */
  private async check(token: string): Promise<Verdict> {
    const refuse = (code: RefusalCode, detail: string, tokenHash: string | null, link: TaskLinkRow | null = null, task: LinkedTask | null = null): Verdict => ({
      ok: false,
      code,
      detail,
      tokenHash,
      link,
      task,
    });
    if (!isWellFormedToken(token)) return refuse(DomainErrorCode.TOKEN_INVALID, 'Malformed token', null);
    const tokenHash = hashTaskLinkToken(token);
    const link = await this.links.findByHash(tokenHash);
    if (!link) {
      // A link's row key in place of its token: a link mailed before tokens were random (they
      // could be computed from TOKEN_SECRET, so they are refused), or one computed on purpose.
      if (await this.links.isRowKey(tokenHash)) return refuse(DomainErrorCode.TOKEN_SUPERSEDED, 'A link of the old format, without a random token', tokenHash);
      return refuse(DomainErrorCode.TOKEN_INVALID, 'Unknown token', tokenHash);
    }
    const task = await this.links.linkedTask(link.taskId);
    if (!task) return refuse(DomainErrorCode.TOKEN_INVALID, 'The task no longer exists', tokenHash, link);
    if (link.usedAt) return refuse(DomainErrorCode.TOKEN_USED, `Used at ${link.usedAt.toISOString()}`, tokenHash, link, task);
    if (link.expired) return refuse(DomainErrorCode.TOKEN_EXPIRED, `Expired at ${link.expiresAt.toISOString()}`, tokenHash, link, task);
    if (link.revision !== task.revision || link.revision !== task.contractRevision) {
      return refuse(DomainErrorCode.TOKEN_SUPERSEDED, `Issued for revision ${link.revision}; the contract is at revision ${task.contractRevision}`, tokenHash, link, task);
    }
    if (task.status === 'cancelled') return refuse(DomainErrorCode.TOKEN_SUPERSEDED, `The task was cancelled (${task.comment ?? 'no reason'})`, tokenHash, link, task);
    if (task.status === 'decided') return refuse(DomainErrorCode.TASK_ALREADY_DECIDED, `Already decided (${task.decision})`, tokenHash, link, task);
    if (link.supersededAt) return refuse(DomainErrorCode.TOKEN_SUPERSEDED, `Superseded at ${link.supersededAt.toISOString()}`, tokenHash, link, task);
    // Decided and cancelled tasks were refused above with their own codes.
    if (!mayDecide(task, link.userId)) {
      return refuse(DomainErrorCode.TOKEN_SUPERSEDED, 'The task is no longer assigned to the person this link was sent to', tokenHash, link, task);
    }
    return { ok: true, tokenHash, link, task };
  }

  /** The 429 page of a key over its limit; Retry-After says when its window ends. */
  private tooMany(kind: RefusalKey['kind'], count: RefusalCount, locale: Locale): PageResult {
    const minutes = Math.max(1, Math.ceil(count.retryAfterSeconds / 60));
    const m = messages(locale);
    return {
      status: httpStatusOf(EdgeErrorCode.RATE_LIMITED),
      headers: { 'Retry-After': String(count.retryAfterSeconds) },
      html: renderOutcomePage({
        tone: 'error',
        heading: m.t('page.tooMany'),
        message: m.t(kind === 'ip' ? 'page.tooManyIp' : 'page.tooManyLink', { count: minutes }),
        timeZone: this.config.ORG_TIME_ZONE,
        locale,
      }),
    };
  }

  /** Writes the audit row when this refusal is its window's sample; the others are only counted. */
  private async record(v: Verdict, reason: string, detail: string, req: PageRequest, key: RefusalKey['kind'], count: RefusalCount): Promise<void> {
    if (!count.sample) return;
    await this.links.recordRejection({
      reason,
      detail,
      link: v.link,
      task: v.task,
      tokenHash: v.tokenHash,
      origin: { ip: req.ip, userAgent: req.userAgent, requestId: req.requestId, method: req.method, channel: 'task_link' },
      window: { key, sample: count.sample, attempts: count.attempts, limited: count.limited, endsAt: count.windowEndsAt },
    });
  }

  /**
   * Counts the refusal (per link when the token is a genuine link's, else per address), samples
   * it into the audit trail, and answers 429 past the limit or the refusal page.
   */
  private async refuse(v: Extract<Verdict, { ok: false }>, req: PageRequest, details?: Record<string, unknown>): Promise<PageResult> {
    const key: RefusalKey = v.link && v.tokenHash ? { kind: 'link', tokenHash: v.tokenHash } : { kind: 'ip', ip: req.ip };
    const count = await this.limiter.refuse(key);
    await this.record(v, v.code, v.detail, req, key.kind, count);
    // In the link's recipient's language and zone; the organisation's for a token that is no link.
    const { timeZone, locale } = v.link ? await this.viewerOf(v.link.userId) : { timeZone: this.config.ORG_TIME_ZONE, locale: this.config.DEFAULT_LOCALE };
    const m = messages(locale);
    if (count.limited) {
      // Logged once, when the limit is crossed: a flood must not become a flood of log lines either.
      if (count.sample === 'limit_reached') this.logger.warn(`task links: ${key.kind === 'ip' ? `address ${req.ip}` : 'one link'} over ${this.config.TASK_LINK_MAX_FAILURES_PER_15_MIN} refusals in ${TASK_LINK_WINDOW_SECONDS / 60} minutes (${v.code}); answering 429`);
      return this.tooMany(key.kind, count, locale);
    }
    const ctx = v.task ? await this.data.taskContext(v.task.id) : null;
    const text = refusalKeys(v.code);
    const message = v.code === DomainErrorCode.TOKEN_SUPERSEDED ? `${m.t(text.message)} ${m.t(supersededBecause(v))}` : m.t(text.message);
    return {
      status: httpStatusOf(v.code),
      html: renderOutcomePage({
        tone: v.code === DomainErrorCode.TASK_ALREADY_DECIDED || v.code === DomainErrorCode.TOKEN_USED ? 'warn' : 'error',
        heading: m.t(text.heading),
        message,
        timeZone,
        locale,
        decided: v.task ? await this.decidedView(v.task, m, details) : null,
        contract: ctx?.contract ?? null,
        stepName: ctx?.why.stepName ?? null,
      }),
    };
  }

  /** Who decided what and when: from the tasks table, else from the workflow's refusal details. */
  private async decidedView(task: LinkedTask, m: Messages, details?: Record<string, unknown>): Promise<DecidedView | null> {
    if (task.status === 'decided') {
      const by = task.decidedById ? await this.data.person(task.decidedById) : null;
      return { decision: task.decision ?? 'approve', byName: by?.name ?? (task.decidedById ? null : m.t('page.byRule')), at: task.decidedAt?.toISOString() ?? null, comment: task.comment };
    }
    if (task.status === 'cancelled') return { decision: 'cancelled', byName: null, at: null, comment: task.comment };
    if (details && typeof details.decision === 'string') {
      const byId = typeof details.decidedById === 'string' ? details.decidedById : null;
      const by = byId ? await this.data.person(byId) : null;
      return { decision: details.decision, byName: by?.name ?? null, at: typeof details.decidedAt === 'string' ? details.decidedAt : null, comment: null };
    }
    return null;
  }

  // ---------------------------------------------------------------- pages and people

  private async decisionPage(v: Extract<Verdict, { ok: true }>, nonce: string, status: number, extra: { error?: (m: Messages) => string; comment?: string } = {}): Promise<PageResult> {
    const [ctx, viewer] = await Promise.all([this.data.taskContext(v.task.id), this.data.person(v.link.userId)]);
    if (!ctx || !viewer) throw new Error(`task ${v.task.id} or user ${v.link.userId} vanished`);
    const assignee = v.link.userId !== v.task.assigneeId ? await this.data.person(v.task.assigneeId) : null;
    const locale = viewer.locale ?? this.config.DEFAULT_LOCALE;
    return {
      status,
      csrfCookie: nonce,
      html: renderDecisionPage({
        viewer: { name: viewer.name, timeZone: viewer.timeZone ?? this.config.ORG_TIME_ZONE, locale },
        onBehalfOf: assignee?.name ?? null,
        contract: ctx.contract,
        why: ctx.why,
        dueAt: ctx.dueAt,
        linkExpiresAt: v.link.expiresAt.toISOString(),
        csrf: csrfFieldFor(this.config.TOKEN_SECRET, v.tokenHash, nonce),
        error: extra.error?.(messages(locale)),
        comment: extra.comment,
      }),
    };
  }

  /** The zone and language a person reads the page in (the organisation's when they chose none). */
  private async viewerOf(userId: string): Promise<{ timeZone: string; locale: Locale }> {
    const person = await this.data.person(userId);
    return { timeZone: person?.timeZone ?? this.config.ORG_TIME_ZONE, locale: person?.locale ?? this.config.DEFAULT_LOCALE };
  }

  /** The link's recipient as an AuthUser: the link stands in for their bearer token, for this one task. */
  private async authUser(userId: string): Promise<AuthUser> {
    const recipient = await this.links.recipient(userId);
    if (!recipient) throw new AppError(DomainErrorCode.TASK_NOT_FOUND, 'The link belongs to an unknown user');
    return recipient;
  }
}
