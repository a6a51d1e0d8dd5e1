// Answers of the reference endpoints, typed for the OpenAPI document (the web app's client is
// generated from it).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProductView {
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty() listPrice: number;
  @ApiProperty() floorPrice: number;
  @ApiProperty() taxRatePercent: number;
  @ApiProperty() leadTimeDays: number;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() registrationNumber: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) creditLimit?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) outstandingBalance?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) maxOverdueDays?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) deniedParty?: boolean;
}

export class StandardClauseView {
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The standard text in English' }) standardText: string;
  @ApiPropertyOptional({
    description: 'The same standard text in Chinese (clause library clauses-2026.2 on): a clause written in Chinese is compared with it',
  })
  standardTextZh?: string;
  @ApiProperty() mandatory: boolean;
}

export class ForbiddenTermView {
  @ApiProperty() id: string;
  @ApiProperty({ type: [String], description: 'Lower-case phrases; a clause containing any of them carries the term' }) phrases: string[];
  @ApiProperty() description: string;
}

const SYNONYM_GROUPS = { type: 'array', items: { type: 'array', items: { type: 'string' } } } as const;

export class ClauseSynonymsView {
  @ApiPropertyOptional({ ...SYNONYM_GROUPS, description: 'Groups of English words or phrases used interchangeably' }) en?: string[][];
  @ApiPropertyOptional({ ...SYNONYM_GROUPS, description: 'Groups of Chinese words or phrases used interchangeably' }) zh?: string[][];
}

export class ClauseLibraryView {
  @ApiProperty() version: string;
  @ApiProperty({ type: [StandardClauseView] }) clauses: StandardClauseView[];
  @ApiProperty({ type: [String] }) approvedGoverningLaws: string[];
  @ApiProperty({ type: [ForbiddenTermView] }) forbiddenTerms: ForbiddenTermView[];
  @ApiPropertyOptional({ type: ClauseSynonymsView, description: 'Per language, words a clause may swap without a material change' })
  synonyms?: ClauseSynonymsView;
}
