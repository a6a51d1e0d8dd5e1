// /api/policy/what-if/jobs: background simulations calibrated from the trail (issue 16 item 3),
// for ops and policy admins. POST /api/policy/what-if with simulate: true starts one too.
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { SimulationJobAccepted, SimulationJobBody, SimulationJobView } from './simulation-job.dto';
import { SimulationJobsService } from './simulation-jobs.service';

@ApiTags('policy')
@ApiBearerAuth()
@Controller('api/policy/what-if/jobs')
export class SimulationJobsController {
  constructor(private readonly jobs: SimulationJobsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run the version in force and a draft (or version) side by side on the real workflow with people calibrated from the trail, in the background (ops, policy admins)',
    description:
      'The people (each approver role\'s decision time and decision mix, the rework rate, the rep\'s revision time) are fitted from the audit trail of the contracts submitted in [from, to); both versions then run the same simulated contracts. 400 naming the field: exactly one of draftId and version, a known draft or version, from < to within the what-if window, contracts 1..1000. Poll GET /api/policy/what-if/jobs/{jobId}.',
  })
  @ApiAcceptedResponse({ type: SimulationJobAccepted })
  create(@CurrentUser() user: AuthUser, @Body() body: SimulationJobBody): Promise<SimulationJobAccepted> {
    return this.jobs.create(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A simulation job: status, progress, and the result or the error (ops, policy admins)' })
  @ApiOkResponse({ type: SimulationJobView })
  @ApiResponse({ status: 404, description: 'No such job' })
  job(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<SimulationJobView> {
    return this.jobs.job(user, id);
  }
}
