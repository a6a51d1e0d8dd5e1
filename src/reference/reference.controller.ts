// Reference data reps and approvers read: the product catalogue, the customer registry, the
// standard clause library and the approval policy in force. Customers' credit figures and
// screening flags are shown only to the roles that work with them.
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { PolicyService } from './policy.service';
import { CUSTOMER_RISK_ROLES, seesCustomerRisk } from '../domain/routing/customer-risk';


@ApiTags('reference')
@ApiBearerAuth()
@Controller('api')
export class ReferenceController {
  constructor(
    private readonly db: DataSource,
    private readonly policies: PolicyService,
  ) {}

  @Get('products')
  @ApiOperation({ summary: 'The product catalogue (list, floor price, tax rate, lead time)' })
  async products() {
    const rows = await this.db.query(`SELECT * FROM products ORDER BY sku`);
    return rows.map((r: Record<string, string>) => ({
      sku: r.sku,
      name: r.name,
      listPrice: Number(r.list_price),
      floorPrice: Number(r.floor_price),
      taxRatePercent: Number(r.tax_rate_percent),
      leadTimeDays: Number(r.lead_time_days),
    }));
  }

  @Get('customers')
  @ApiOperation({
    summary: 'The customer registry',
    description: `Everyone sees id, name, registration number and country; creditLimit, outstandingBalance, maxOverdueDays and deniedParty only the roles ${CUSTOMER_RISK_ROLES.join(', ')}.`,
  })
  async customers(@CurrentUser() user: AuthUser) {
    const risk = seesCustomerRisk(user.roles);
    const rows = await this.db.query(`SELECT * FROM customers ORDER BY name`);
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      name: r.name,
      registrationNumber: r.registration_number,
      country: r.country,
      ...(risk
        ? {
            creditLimit: Number(r.credit_limit),
            outstandingBalance: Number(r.outstanding_balance),
            maxOverdueDays: Number(r.max_overdue_days),
            deniedParty: r.denied_party,
          }
        : {}),
    }));
  }

  @Get('clause-library')
  @ApiOperation({ summary: 'Standard clause texts, which are mandatory, approved governing laws and forbidden terms' })
  async clauseLibrary() {
    const [row] = await this.db.query(`SELECT body FROM reference_documents WHERE key = 'clause_library'`);
    return row?.body ?? null;
  }

  @Get('policy')
  @ApiOperation({ summary: 'The approval policy in force: steps, stages, thresholds, SLAs' })
  policy() {
    return this.policies.current();
  }
}
