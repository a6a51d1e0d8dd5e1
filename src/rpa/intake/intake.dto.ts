// The answer of POST /api/contracts/intake, declared for the OpenAPI document (and so for the web
// app's generated types). The shapes are those of intake.types.ts; the draft's fields mirror
// CreateContractDto, each optional because a document may not state it.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContractClauseDto, ContractLineDto } from '../../contracts/contract.dto';

/** Largest upload: a contract with scans of signatures stays well under it; larger ones are refused before they are buffered whole. */
export const INTAKE_MAX_BYTES = 10 * 1024 * 1024;

export class IntakeCustomerView {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() registrationNumber?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' }) country?: string;
}

export class IntakeDraftView {
  @ApiPropertyOptional() title?: string;
  @ApiProperty({ type: IntakeCustomerView }) customer: IntakeCustomerView;
  @ApiPropertyOptional({ description: 'ISO 4217' }) currency?: string;
  @ApiPropertyOptional() amount?: number;
  @ApiPropertyOptional({ type: 'integer' }) paymentTermsDays?: number;
  @ApiPropertyOptional({ format: 'date' }) requestedDeliveryDate?: string;
  @ApiProperty({ description: 'False (with confidence 0.5 and a warning) when the document does not say' }) personalData: boolean;
  @ApiProperty({ type: [ContractLineDto], description: 'From the price table' }) lines: ContractLineDto[];
  @ApiProperty({ type: [ContractClauseDto], description: 'Keys from the clause library, matched by heading or by content' }) clauses: ContractClauseDto[];
}

export class IntakeWarningView {
  @ApiProperty({ description: 'Path into the draft: title, customer.registrationNumber, lines, clauses, clauses.<key>, …' }) field: string;
  @ApiProperty({ enum: ['not_found', 'unreadable', 'defaulted', 'inconsistent', 'unmatched', 'invalid'] }) rule: string;
  @ApiProperty() message: string;
}

export class IntakeResultView {
  @ApiProperty({ type: IntakeDraftView, description: 'The shape of POST /api/contracts; fields the document does not state are absent' }) draft: IntakeDraftView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    description: 'Per field path (as in warnings): 0-1. Under 0.8 the rep should check the field',
  })
  confidence: Record<string, number>;
  @ApiProperty({ type: [IntakeWarningView] }) warnings: IntakeWarningView[];
}
