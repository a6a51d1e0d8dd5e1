// POST /api/tasks/:id/urge: the submitting rep nudges the approver of a waiting task (催办).
// A second urge within a business hour answers 429 with Retry-After and, in its body, the ISO time
// the next urge is possible (details.nextUrgeAt).
import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { type AuthUser, CurrentUser, RequestOrigin } from '../directory/auth';
import { DomainErrorCode } from '../domain/errors';
import { UrgeDto, UrgeView } from './urge.dto';
import { UrgeService } from './urge.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class UrgeController {
  constructor(private readonly urges: UrgeService) {}

  @Post(':id/urge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The submitting rep urges the approver of a waiting task: an urgent mail, at most once per business hour per task',
    description: '403 for anyone but the rep, 409 once the task is decided, 429 with Retry-After and details.nextUrgeAt within the business hour after the last urge',
  })
  @ApiOkResponse({ type: UrgeView })
  async urge(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: UrgeDto,
    @RequestOrigin() origin: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UrgeView> {
    try {
      return await this.urges.urge(user, id, dto.note, origin);
    } catch (err) {
      if (err instanceof AppError && err.code === DomainErrorCode.URGE_TOO_SOON && typeof err.details?.retryAfterSeconds === 'number') {
        res.setHeader('Retry-After', String(err.details.retryAfterSeconds));
      }
      throw err;
    }
  }
}
