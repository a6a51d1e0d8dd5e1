// POST /api/contracts/preview: which steps a submission would have decided automatically and
// which would need a person, and why, by the same rules the workflow runs. Stores nothing. Its
// own module so the contracts feature is not involved; the path cannot clash with the contracts
// controller's routes (no POST /api/contracts/:id there).
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateContractDto, toSubmission } from '../contracts/contract.dto';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { RoutingPreviewView } from './preview.dto';
import { PreviewService } from './preview.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/contracts')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Routing preview (reps): the body of a submission in, per step automatic / person / skipped and why; stores nothing' })
  @ApiOkResponse({ type: RoutingPreviewView })
  preview(@CurrentUser() user: AuthUser, @Body() dto: CreateContractDto): Promise<RoutingPreviewView> {
    return this.previews.preview(user, toSubmission(dto));
  }
}
