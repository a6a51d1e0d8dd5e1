// Query of GET /api/reports/cycle-times. Dates are the organisation's calendar days (a plain
// date `to` includes that whole day); full ISO timestamps are taken as given.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsIsoInstant, MAX_YEAR, MIN_YEAR } from '../common/validators';

const PERIOD_BOUND = { dateAllowed: true } as const;
const PERIOD_FORM = `YYYY-MM-DD or an ISO 8601 timestamp (offset optional: without one, the organisation's time zone), between ${MIN_YEAR} and ${MAX_YEAR}`;

export class CycleTimeReportQuery {
  @ApiPropertyOptional({ description: `Contracts submitted from (${PERIOD_FORM}); default 30 days before \`to\`` })
  @IsOptional()
  @IsIsoInstant(PERIOD_BOUND, { message: `from must be ${PERIOD_FORM}` })
  from?: string;

  @ApiPropertyOptional({ description: `Contracts submitted up to (${PERIOD_FORM}; a date includes the whole day); default now` })
  @IsOptional()
  @IsIsoInstant(PERIOD_BOUND, { message: `to must be ${PERIOD_FORM}` })
  to?: string;

  @ApiPropertyOptional({ description: "Only this rep's contracts (user id)", format: 'uuid' })
  @IsOptional()
  @IsUUID()
  repId?: string;

  @ApiPropertyOptional({ description: 'Only customers in this country (ISO 3166-1 alpha-2)', pattern: '^[A-Z]{2}$' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' })
  country?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
