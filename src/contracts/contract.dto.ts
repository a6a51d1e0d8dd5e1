// Request bodies for contracts. Structure and types are checked here (400 naming each bad field);
// business consistency (amount equals the lines, SKUs known) is intake_check's job, which returns
// the contract to the rep with the list of problems.
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class CustomerRefDto {
  @ApiProperty({ example: 'Shanghai Harbour Logistics Co., Ltd.' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: '91310000MA1FL0001X' }) @IsString() @MinLength(3) @MaxLength(64) registrationNumber: string;
  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' }) @IsString() @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as CN' }) country: string;
}

export class ContractLineDto {
  @ApiProperty({ example: 'GL-LIC-STD' }) @IsString() @MinLength(1) @MaxLength(64) sku: string;
  @ApiProperty({ example: 20 }) @IsInt() @Min(1) @Max(1_000_000) quantity: number;
  @ApiProperty({ example: 9500 }) @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) unitPrice: number;
  @ApiProperty({ example: 6 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) taxRatePercent: number;
}

export class ContractClauseDto {
  @ApiProperty({ example: 'liability' }) @IsString() @MinLength(1) @MaxLength(64) key: string;
  @ApiProperty() @IsString() @MaxLength(20_000) text: string;
}

export class CreateContractDto {
  @ApiProperty({ example: 'Harbour licences 2027' }) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty({ type: CustomerRefDto }) @ValidateNested() @Type(() => CustomerRefDto) customer: CustomerRefDto;
  @ApiProperty({ example: 'CNY' }) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' }) currency: string;
  @ApiProperty({ example: 190000 }) @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e13) amount: number;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(365) paymentTermsDays: number;
  @ApiProperty({ example: '2027-01-15' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'requestedDeliveryDate must be a date YYYY-MM-DD' })
  requestedDeliveryDate: string;
  @ApiProperty() @IsBoolean() personalData: boolean;
  @ApiProperty({ type: [ContractLineDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ContractLineDto) lines: ContractLineDto[];
  @ApiProperty({ type: [ContractClauseDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ContractClauseDto) clauses: ContractClauseDto[];
}

export class ReviseContractDto extends PartialType(CreateContractDto) {
  @ApiPropertyOptional({ description: 'The revision being revised; defaults to the current one' }) @IsOptional() @IsInt() @Min(1) baseRevision?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class WithdrawContractDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const CONTRACT_STATUSES = ['in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;

export class ListContractsQuery {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES }) @IsOptional() @IsIn(CONTRACT_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Contracts currently at this step' }) @IsOptional() @IsString() step?: string;
  @ApiPropertyOptional({ enum: ['green', 'amber', 'red'] }) @IsOptional() @IsIn(['green', 'amber', 'red']) rag?: 'green' | 'amber' | 'red';
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
