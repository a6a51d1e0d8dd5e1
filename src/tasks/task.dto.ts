// Request bodies for acting on tasks.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject', 'request_changes'] })
  @IsIn(['approve', 'reject', 'request_changes'], { message: 'decision must be one of approve, reject, request_changes' })
  decision: 'approve' | 'reject' | 'request_changes';
  @ApiPropertyOptional({ description: 'Required for reject and request_changes' }) @IsOptional() @IsString() @MaxLength(4000) comment?: string;
  @ApiPropertyOptional({ description: 'The contract revision the decider looked at' }) @IsOptional() @IsInt() @Min(1) revision?: number;
}

export class DelegateDto {
  @ApiProperty() @IsUUID('all', { message: 'toUserId must be a user id (UUID)' }) toUserId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class DeadlineDto {
  @ApiProperty({ example: '2026-11-25T10:00:00+08:00' }) @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 timestamp' }) dueAt: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}
