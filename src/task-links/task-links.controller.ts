// HTTP for the e-mailed task pages: GET (and HEAD, which Express answers through the GET route)
// reads, POST decides. Public routes: the link is the credential, so no bearer token. Every
// response is an HTML page that is never cached, never framed, runs no script and leaks no
// Referer.
import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { Public } from '../directory/auth';
import { messages } from '../mail/templates/i18n';
import { renderOutcomePage } from './task-page.template';
import { CSRF_COOKIE, type DecisionForm, type PageRequest, type PageResult, TaskLinksService } from './task-links.service';

const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store, max-age=0',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

@ApiExcludeController()
@Public()
@Controller('tasks/act')
export class TaskLinksController {
  private readonly logger = new Logger('TaskLinks');
  private readonly cookiePath: string;
  private readonly secureCookie: boolean;

  constructor(
    private readonly pages: TaskLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The cookie follows the public URL (a path prefix behind a proxy, https), not this request.
    const base = new URL(config.PUBLIC_BASE_URL);
    this.cookiePath = `${base.pathname.replace(/\/+$/, '')}/tasks/act`;
    this.secureCookie = base.protocol === 'https:';
  }

  @Get(':token')
  async view(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.respond(res, () => this.pages.view(token, this.pageRequest(req)));
  }

  @Post(':token')
  async decide(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as DecisionForm;
    await this.respond(res, () => this.pages.decide(token, body, this.pageRequest(req)));
  }

  private pageRequest(req: Request): PageRequest {
    return {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.get('user-agent') ?? null,
      requestId: req.get('x-request-id') ?? null,
      method: req.method,
      csrfCookie: readCookie(req.get('cookie'), CSRF_COOKIE),
      fetchSite: req.get('sec-fetch-site') ?? null,
    };
  }

  private async respond(res: Response, produce: () => Promise<PageResult>): Promise<void> {
    let result: PageResult;
    try {
      result = await produce();
    } catch (err) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      // Nobody is known here: the organisation's language.
      const m = messages(this.config.DEFAULT_LOCALE);
      result = {
        status: 500,
        html: renderOutcomePage({ tone: 'error', heading: m.t('page.failed'), message: m.t('page.failedMessage'), timeZone: 'UTC', locale: m.locale }),
      };
    }
    res.status(result.status).set({ ...PAGE_HEADERS, ...result.headers });
    if (result.csrfCookie) {
      res.cookie(CSRF_COOKIE, result.csrfCookie, { httpOnly: true, sameSite: 'strict', secure: this.secureCookie, path: this.cookiePath, maxAge: 12 * 3600_000 });
    }
    res.send(result.html);
  }
}
