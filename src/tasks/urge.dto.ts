// The urge request (催办) and its answer. The note is bounded here and made storable by the global
// input check (src/common/input-safety.ts); whether the urge is allowed is the workflow's call.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { URGE_NOTE_MAX_LENGTH } from '../domain/routing/urge-eligibility';

export class UrgeDto {
  @ApiPropertyOptional({ description: 'A short note for the approver, shown in the urgent mail and the history', maxLength: URGE_NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(URGE_NOTE_MAX_LENGTH, { message: `note must be at most ${URGE_NOTE_MAX_LENGTH} characters` })
  note?: string;
}

export class UrgeView {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ format: 'date-time' }) urgedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the task may be urged again: one business hour later (organisation calendar)' }) nextUrgeAt: string;
  @ApiProperty({ type: [String], description: 'Who got the urgent mail: the assignee and managers the task escalated to' }) notifiedUserIds: string[];
  @ApiProperty({ type: 'integer', description: 'Times the task has been urged, this one included' }) urges: number;
}
