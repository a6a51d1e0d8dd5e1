// HTTP surface of the RPA bots' runs for ops: the list (?status=failed for the ones that stopped)
// and the PNG of the page where a failed browser run stopped.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../directory/auth';
import { BotRunsQuery, BotRunView } from './bot-runs.dto';
import { BotRunsService } from './bot-runs.service';

@ApiTags('ops')
@ApiBearerAuth()
@Controller('api/ops/bot-runs')
export class BotRunsController {
  constructor(private readonly runs: BotRunsService) {}

  @Get()
  @ApiOperation({ summary: "The RPA bots' runs, newest first: what each did, and where a failed one stopped (ops)" })
  @ApiOkResponse({ type: BotRunView, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() q: BotRunsQuery): Promise<BotRunView[]> {
    return this.runs.list(user, q);
  }

  @Get(':id/screenshot.png')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The page where a failed bot run stopped, as PNG (ops)' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, description: 'No such run, or the run has no screenshot' })
  async screenshot(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const png = await this.runs.screenshot(user, id);
    res.status(200).set({ 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' }).end(png);
  }
}
