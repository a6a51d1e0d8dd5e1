// What /api/policy answers and takes (OpenAPI shapes; the PATCH body is checked by draft-changes.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class PolicyVersionSummary {
  @ApiProperty({ example: 'slim-p1' }) version: string;
  @ApiProperty() chainId: string;
  @ApiProperty({ enum: ['in_force', 'scheduled', 'superseded'], description: 'in_force: new contracts take it now; scheduled: its active-from has not come' })
  status: 'in_force' | 'scheduled' | 'superseded';
  @ApiProperty({ enum: ['code', 'api'] }) source: 'code' | 'api';
  @ApiProperty({ nullable: true, type: String }) fromVersion: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) activatedBy: string | null;
  @ApiProperty() activatedAt: string;
  @ApiProperty() activeFrom: string;
  @ApiProperty() description: string;
}

export class PolicyVersionView extends PolicyVersionSummary {
  @ApiProperty({ description: 'The immutable ChainPolicy' }) policy: Record<string, unknown>;
}

export class PolicyDraftView {
  @ApiProperty() id: string;
  @ApiProperty() chainId: string;
  @ApiProperty({ nullable: true, type: String }) fromVersion: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'The draft ChainPolicy' }) policy: Record<string, unknown>;
}

export class CreateDraftBody {
  @ApiProperty({ example: 'slim-2026.12.1', description: 'The version the draft starts from' })
  @IsString()
  @MaxLength(200)
  fromVersion: string;
}

export class ActivateDraftBody {
  @ApiPropertyOptional({ example: '2026-12-07T00:00:00Z', description: 'When new contracts start taking it (ISO 8601, not in the past); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  activeFrom?: string;
}

export class PolicyDiffQuery {
  @ApiProperty({ example: 'slim-2026.12.1' }) @IsString() @MaxLength(200) from: string;
  @ApiProperty({ example: 'slim-p1' }) @IsString() @MaxLength(200) to: string;
}

export class PolicyChangeView {
  @ApiProperty({ example: 'steps.pricing_review.params.maxDiscountPercent' }) path: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) kind: 'added' | 'removed' | 'changed';
  @ApiPropertyOptional({ description: 'The value in `from`' }) from?: unknown;
  @ApiPropertyOptional({ description: 'The value in `to`' }) to?: unknown;
}

export class PolicyDiffView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [PolicyChangeView] }) changes: PolicyChangeView[];
}
