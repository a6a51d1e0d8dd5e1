// Query of GET /api/reports/cycle-times. Dates are the organisation's calendar days (a plain
// date `to` includes that whole day); full ISO timestamps are taken as given.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';

export class CycleTimeReportQuery {
  @ApiPropertyOptional({ description: 'Contracts submitted from (YYYY-MM-DD or ISO timestamp); default 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Contracts submitted up to (a date includes the whole day); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: "Only this rep's contracts (user id)" })
  @IsOptional()
  @IsUUID()
  repId?: string;

  @ApiPropertyOptional({ description: 'Only customers in this country (ISO 3166-1 alpha-2)' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' })
  country?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
