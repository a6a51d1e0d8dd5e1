// /api/session: the web app signs in with a token and gets an HttpOnly cookie, reads who is signed
// in (with the CSRF token), signs out. Public routes: the session is what they establish or read.
import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { validationFailed } from '../common/validation';
import { Public } from '../directory/auth';
import { DemoUserView, SessionView, SignInDto } from './session.dto';
import { SessionService } from './session.service';

@ApiTags('session')
@Public()
@Controller('api/session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Post()
  @ApiOperation({ summary: 'Sign in with an API token: sets the HttpOnly cookie greenlight_session and returns the user and the CSRF token' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'Unknown token, or a dev token in production' })
  signIn(@Req() req: Request, @Body() dto: SignInDto, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    // JSON only: another site's HTML form can post a urlencoded body here but not a JSON one (that
    // needs a CORS preflight, which this API does not grant), so it cannot sign a visitor into the
    // attacker's account (login CSRF).
    if (!req.is('application/json')) {
      throw validationFailed([{ field: 'content-type', rule: 'json_required', message: 'POST /api/session takes a JSON body: Content-Type: application/json' }]);
    }
    return this.sessions.signIn(dto.token, res);
  }

  @Get()
  @ApiOperation({ summary: 'The signed-in user and the CSRF token of the session cookie' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'No cookie, or its session ended or expired' })
  current(@Req() req: Request): Promise<SessionView> {
    return this.sessions.current(req);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session server-side and clears the cookie (X-CSRF-Token required while the session is live)' })
  @ApiNoContentResponse()
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.sessions.signOut(req, res);
  }

  @Get('demo-users')
  @ApiOperation({ summary: 'Demo users and their dev tokens, for the sign-in page (only where dev tokens are allowed)' })
  @ApiOkResponse({ type: [DemoUserView] })
  @ApiNotFoundResponse({ description: 'Dev tokens are not allowed (production)' })
  demoUsers(): Promise<DemoUserView[]> {
    return this.sessions.demoUsers();
  }
}
