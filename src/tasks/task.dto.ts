// Request bodies for acting on tasks. Text is bounded here and made storable by the global input
// check (src/common/input-safety.ts); whether the action is allowed is the workflow's call.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoInstant, MAX_YEAR, MIN_YEAR } from '../common/validators';
import { CONTRACT_BOUNDS } from '../contracts/contract.dto';

export const DECISION_COMMENT_MAX_LENGTH = 4000;

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject', 'request_changes'] })
  @IsIn(['approve', 'reject', 'request_changes'], { message: 'decision must be one of approve, reject, request_changes' })
  decision: 'approve' | 'reject' | 'request_changes';

  @ApiPropertyOptional({ description: 'Required for reject and request_changes', maxLength: DECISION_COMMENT_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(DECISION_COMMENT_MAX_LENGTH)
  comment?: string;

  @ApiPropertyOptional({ description: 'The contract revision the decider looked at', type: 'integer', minimum: 1, maximum: CONTRACT_BOUNDS.revisionMax })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(CONTRACT_BOUNDS.revisionMax)
  revision?: number;
}

export class DelegateDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'toUserId must be a user id (UUID)' }) toUserId: string;

  @ApiPropertyOptional({ maxLength: CONTRACT_BOUNDS.commentMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRACT_BOUNDS.commentMaxLength)
  comment?: string;
}

export class DeadlineDto {
  @ApiProperty({
    example: '2026-11-25T10:00:00+08:00',
    format: 'date-time',
    description: `An ISO 8601 timestamp with Z or an offset, between ${MIN_YEAR} and ${MAX_YEAR}`,
  })
  @IsIsoInstant({ offsetRequired: true }, { message: `dueAt must be an ISO 8601 timestamp with Z or an offset (e.g. 2026-11-25T10:00:00+08:00), a real date and time between ${MIN_YEAR} and ${MAX_YEAR}` })
  dueAt: string;

  @ApiProperty({ minLength: 1, maxLength: CONTRACT_BOUNDS.commentMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(CONTRACT_BOUNDS.commentMaxLength)
  reason: string;
}
