// HTTP surface for contracts that need attention (ops): list them, retry one.
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequestOrigin } from '../directory/auth';
import { ContractIncidentsService } from './contract-incidents.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api')
export class ContractIncidentsController {
  constructor(private readonly incidents: ContractIncidentsService) {}

  @Get('incidents')
  @ApiOperation({ summary: 'Contracts that need attention: an activity failed for good; each incident names the step, the activity and the error (ops)' })
  list(@CurrentUser() user: AuthUser) {
    return this.incidents.list(user);
  }

  @Post('contracts/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry the failed activity of every open incident of the contract (ops)' })
  @ApiResponse({ status: 200, description: 'Retried: incidents still open after the retry (empty when the contract moves again)' })
  @ApiResponse({ status: 409, description: 'NO_INCIDENT: nothing is stuck on this contract' })
  retry(@CurrentUser() user: AuthUser, @Param('id') id: string, @RequestOrigin() origin: Record<string, unknown>) {
    return this.incidents.retry(user, id, origin);
  }
}
