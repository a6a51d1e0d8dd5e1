// Reference data reps and approvers read: the product catalogue, the customer registry, the
// standard clause library and the approval policy in force. Customers' credit figures and
// screening flags are shown only to the roles that work with them (ReferenceService).
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { CUSTOMER_RISK_ROLES } from '../domain/routing/customer-risk';
import { ClauseLibraryView, CustomerView, ProductView } from './reference.dto';
import { PolicyService } from './policy.service';
import { ReferenceService } from './reference.service';

@ApiTags('reference')
@ApiBearerAuth()
@Controller('api')
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceService,
    private readonly policies: PolicyService,
  ) {}

  @Get('products')
  @ApiOperation({ summary: 'The product catalogue (list, floor price, tax rate, lead time)' })
  @ApiOkResponse({ type: [ProductView] })
  products(): Promise<ProductView[]> {
    return this.reference.products();
  }

  @Get('customers')
  @ApiOperation({
    summary: 'The customer registry',
    description: `Everyone sees id, name, registration number and country; creditLimit, outstandingBalance, maxOverdueDays and deniedParty only the roles ${CUSTOMER_RISK_ROLES.join(', ')}.`,
  })
  @ApiOkResponse({ type: [CustomerView] })
  customers(@CurrentUser() user: AuthUser): Promise<CustomerView[]> {
    return this.reference.customers(user);
  }

  @Get('clause-library')
  @ApiOperation({
    summary: 'Standard clause texts, which are mandatory, approved governing laws and forbidden terms',
    description: 'Each clause has its English standard text and, from clauses-2026.2 on, its Chinese one (standardTextZh).',
  })
  @ApiOkResponse({ type: ClauseLibraryView })
  clauseLibrary(): Promise<ClauseLibraryView | null> {
    return this.reference.clauseLibrary();
  }

  @Get('policy')
  @ApiOperation({ summary: 'The approval policy in force: steps, stages, thresholds, SLAs' })
  policy() {
    return this.policies.current();
  }
}
