// POST /api/contracts/preview: which steps a submission would have decided automatically and
// which would need a person, and why, by the same rules the workflow runs. Stores nothing. Its
// own module so the contracts feature is not involved; the path cannot clash with the contracts
// controller's routes (no POST /api/contracts/:id there).
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateContractDto } from '../contracts/contract.dto';
import type { ContractSubmission } from '../domain/contract/contract.types';
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

/** The submission the DTO describes, field by field as POST /api/contracts stores it. */
function toSubmission(dto: CreateContractDto): ContractSubmission {
  return {
    title: dto.title,
    customer: { name: dto.customer.name, registrationNumber: dto.customer.registrationNumber, country: dto.customer.country },
    currency: dto.currency,
    amount: dto.amount,
    paymentTermsDays: dto.paymentTermsDays,
    requestedDeliveryDate: dto.requestedDeliveryDate,
    personalData: dto.personalData,
    lines: dto.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, taxRatePercent: l.taxRatePercent })),
    clauses: dto.clauses.map((c) => ({ key: c.key, text: c.text })),
  };
}
