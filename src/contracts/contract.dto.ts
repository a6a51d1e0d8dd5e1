// Request bodies for contracts. Structure and types are checked here (400 naming each bad field);
// business consistency (amount equals the lines, SKUs known) is intake_check's job, which returns
// the contract to the rep with the list of problems.
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, MAX_YEAR, MaxDecimalPlaces, MaxLinesTotal, MaxTotalLength, MIN_YEAR } from '../common/validators';
import { MAX_SUBMISSION_CC } from '../domain/chain/cc';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { normaliseUscc } from '../domain/customer/uscc';
import { IsUsccWhereRequired, registrationNumberIsUscc } from './uscc.validator';

/**
 * Every bound of a submission, in one place, because each protects something downstream:
 * - money (amount, unit prices, the lines' total) stays at or under 10^13: `amount` and
 *   `orders.amount` are numeric(18,2), and 10^15 cents are still exact in a double;
 * - the texts stay small enough that the whole contract (up to ~0.45 MB as UTF-8) fits one
 *   Temporal payload (2 MB hard limit, 512 kB warning) and a history with revisions: hence the
 *   total over all clause texts, not only the 20,000 per clause;
 * - revisions are int columns.
 * The JSON body limit (src/common/body-parsing.ts) is derived from these; its test recomputes the
 * largest valid body from them.
 */
export const CONTRACT_BOUNDS = {
  titleMaxLength: 200,
  customerNameMaxLength: 200,
  registrationNumberMaxLength: 64,
  skuMaxLength: 64,
  linesMax: 500,
  quantityMax: 1_000_000,
  moneyMax: 10_000_000_000_000,
  taxRateMaxDecimals: 4,
  paymentTermsDaysMax: 365,
  clausesMax: 100,
  clauseKeyMaxLength: 64,
  clauseTextMaxLength: 20_000,
  clauseTextsTotalMaxLength: 100_000,
  commentMaxLength: 2000,
  /** revision columns are int (int4). */
  revisionMax: 2_147_483_647,
} as const;
const B = CONTRACT_BOUNDS;

/** GET /api/contracts pages: OFFSET stays far from overflow and from scanning the table to its end. */
export const MAX_PAGE = 10_000;
export const MAX_PAGE_SIZE = 100;

const ISO_COUNTRY = /^[A-Z]{2}$/;
const ISO_CURRENCY = /^[A-Z]{3}$/;
const STEP_KEY = /^[a-z][a-z0-9_]{0,63}$/;

export class CustomerRefDto {
  @ApiProperty({ example: 'Shanghai Harbour Logistics Co., Ltd.', minLength: 1, maxLength: B.customerNameMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(B.customerNameMaxLength)
  name: string;

  // For a CN customer a Unified Social Credit Code (GB 32100-2015), stored upper-cased; the
  // OpenAPI example is still the pre-USCC one until the document is regenerated (gen:api).
  @ApiProperty({ example: '91310000MA1FL0007C', minLength: 3, maxLength: B.registrationNumberMaxLength })
  @IsString()
  @MinLength(3)
  @MaxLength(B.registrationNumberMaxLength)
  @IsUsccWhereRequired()
  registrationNumber: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2', pattern: ISO_COUNTRY.source })
  @IsString()
  @Matches(ISO_COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' })
  country: string;
}

export class ContractLineDto {
  @ApiProperty({ example: 'GL-LIC-STD', minLength: 1, maxLength: B.skuMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(B.skuMaxLength)
  sku: string;

  @ApiProperty({ example: 20, type: 'integer', minimum: 1, maximum: B.quantityMax })
  @IsInt()
  @Min(1)
  @Max(B.quantityMax)
  quantity: number;

  @ApiProperty({ example: 9500, minimum: 0, maximum: B.moneyMax, description: 'At most 2 decimal places' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(B.moneyMax)
  unitPrice: number;

  @ApiProperty({ example: 6, minimum: 0, maximum: 100, description: `At most ${B.taxRateMaxDecimals} decimal places` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(B.taxRateMaxDecimals)
  @Min(0)
  @Max(100)
  taxRatePercent: number;
}

export class ContractClauseDto {
  @ApiProperty({ example: 'liability', minLength: 1, maxLength: B.clauseKeyMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(B.clauseKeyMaxLength)
  key: string;

  @ApiProperty({ maxLength: B.clauseTextMaxLength })
  @IsString()
  @MaxLength(B.clauseTextMaxLength)
  text: string;
}

export class CreateContractDto {
  @ApiProperty({ example: 'Harbour licences 2027', minLength: 1, maxLength: B.titleMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(B.titleMaxLength)
  title: string;

  // ValidateNested alone lets a missing customer or an array through (then a 500 in the service).
  @ApiProperty({ type: CustomerRefDto }) @IsObject() @ValidateNested() @Type(() => CustomerRefDto) customer: CustomerRefDto;

  @ApiProperty({ example: 'CNY', pattern: ISO_CURRENCY.source })
  @IsString()
  @Matches(ISO_CURRENCY, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;

  @ApiProperty({ example: 190000, minimum: 0, maximum: B.moneyMax, description: 'At most 2 decimal places; equals the lines\' total' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(B.moneyMax)
  amount: number;

  @ApiProperty({ example: 30, type: 'integer', minimum: 0, maximum: B.paymentTermsDaysMax })
  @IsInt()
  @Min(0)
  @Max(B.paymentTermsDaysMax)
  paymentTermsDays: number;

  @ApiProperty({ example: '2027-01-15', format: 'date', description: `A calendar date between ${MIN_YEAR} and ${MAX_YEAR}` })
  @IsCalendarDate()
  requestedDeliveryDate: string;

  @ApiProperty() @IsBoolean() personalData: boolean;

  @ApiProperty({ type: [ContractLineDto], minItems: 1, maxItems: B.linesMax, description: `quantity × unitPrice summed over the lines at most ${B.moneyMax}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(B.linesMax)
  @MaxLinesTotal(B.moneyMax)
  @IsObject({ each: true, message: 'lines must contain only objects, one per line' })
  @ValidateNested({ each: true })
  @Type(() => ContractLineDto)
  lines: ContractLineDto[];

  @ApiProperty({ type: [ContractClauseDto], maxItems: B.clausesMax, description: `At most ${B.clauseTextsTotalMaxLength} characters of clause text in total` })
  @IsArray()
  @ArrayMaxSize(B.clausesMax)
  @MaxTotalLength('text', B.clauseTextsTotalMaxLength)
  @IsObject({ each: true, message: 'clauses must contain only objects, one per clause' })
  @ValidateNested({ each: true })
  @Type(() => ContractClauseDto)
  clauses: ContractClauseDto[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_SUBMISSION_CC,
    description: `Users copied (抄送) on the decisions people make on the contract: a mail each, and they may see the contract; at most ${MAX_SUBMISSION_CC} known users`,
  })
  @IsOptional()
  @IsArray({ message: 'cc must be a list of user ids' })
  @ArrayMaxSize(MAX_SUBMISSION_CC, { message: `cc names at most ${MAX_SUBMISSION_CC} users` })
  @IsUUID('all', { each: true, message: 'cc must contain only user ids (UUID)' })
  cc?: string[];
}

export class ReviseContractDto extends PartialType(CreateContractDto) {
  @ApiPropertyOptional({ description: 'The revision being revised; defaults to the current one', type: 'integer', minimum: 1, maximum: B.revisionMax })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(B.revisionMax)
  baseRevision?: number;

  @ApiPropertyOptional({ maxLength: B.commentMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(B.commentMaxLength)
  comment?: string;
}

export class WithdrawContractDto {
  @ApiPropertyOptional({ maxLength: B.commentMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(B.commentMaxLength)
  reason?: string;
}

export const CONTRACT_STATUSES = ['in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;

export class ListContractsQuery {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES }) @IsOptional() @IsIn(CONTRACT_STATUSES) status?: string;

  @ApiPropertyOptional({ description: 'Contracts currently at this step', pattern: STEP_KEY.source, maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(STEP_KEY, { message: 'step must be a step key such as legal_review' })
  step?: string;

  @ApiPropertyOptional({ enum: ['green', 'amber', 'red'] }) @IsOptional() @IsIn(['green', 'amber', 'red']) rag?: 'green' | 'amber' | 'red';

  @ApiPropertyOptional({ description: "Contracts submitted by this rep (the user's id)", format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'repId must be a user id (UUID)' })
  repId?: string;

  @ApiPropertyOptional({ description: "Customer's country, ISO 3166-1 alpha-2", example: 'CN', pattern: ISO_COUNTRY.source })
  @IsOptional()
  @Matches(ISO_COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' })
  country?: string;

  @ApiPropertyOptional({ description: "true: contracts flagged for ops' attention (e.g. an escalation that ran out of managers); false: the others", type: 'boolean' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'attention must be true or false' })
  attention?: boolean;

  @ApiPropertyOptional({ default: 1, type: 'integer', minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 20, type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** The submission a create DTO describes, field by field (no unknown property reaches the workflow): used by POST /api/contracts, revisions and the routing preview. */
export function toSubmission(dto: CreateContractDto): ContractSubmission {
  return {
    title: dto.title,
    customer: {
      name: dto.customer.name,
      registrationNumber: registrationNumberIsUscc(dto.customer.country) ? normaliseUscc(dto.customer.registrationNumber) : dto.customer.registrationNumber,
      country: dto.customer.country,
    },
    currency: dto.currency,
    amount: dto.amount,
    paymentTermsDays: dto.paymentTermsDays,
    requestedDeliveryDate: dto.requestedDeliveryDate,
    personalData: dto.personalData,
    lines: dto.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, taxRatePercent: l.taxRatePercent })),
    clauses: dto.clauses.map((c) => ({ key: c.key, text: c.text })),
    ...(dto.cc?.length ? { cc: [...new Set(dto.cc.map((id) => id.toLowerCase()))] } : {}),
  };
}
