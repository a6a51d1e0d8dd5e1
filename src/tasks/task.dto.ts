// Request bodies for acting on tasks, and the task view the API answers with. Text is bounded here and made storable by the global input
// check (src/common/input-safety.ts); whether the action is allowed is the workflow's call.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsoInstant, MAX_YEAR, MIN_YEAR } from '../common/validators';
import { CONTRACT_BOUNDS } from '../contracts/contract.dto';
import type { Rag } from '../domain/sla/rag';
import type { Decision, TaskStatus } from './task.entity';

export const DECISION_COMMENT_MAX_LENGTH = 4000;

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject', 'request_changes', 'return'], description: 'return: back to the earlier step named by toStep (not to the rep)' })
  @IsIn(['approve', 'reject', 'request_changes', 'return'], { message: 'decision must be one of approve, reject, request_changes, return' })
  decision: 'approve' | 'reject' | 'request_changes' | 'return';

  @ApiPropertyOptional({
    description: "With decision return: the earlier step the contract goes back to, one of the step's returnTo in the contract's policy (the task view's returnTargets)",
    example: 'pricing_review',
    maxLength: 64,
  })
  @IsOptional()
  @IsString({ message: 'toStep must be a step key' })
  @MaxLength(64)
  toStep?: string;

  @ApiPropertyOptional({ description: 'Required for reject, request_changes and return', maxLength: DECISION_COMMENT_MAX_LENGTH })
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

export class ReassignDto {
  @ApiProperty({ format: 'uuid', description: "Who holds the task next: they must hold the role the task's step needs" })
  @IsUUID('all', { message: 'toUserId must be a user id (UUID)' })
  toUserId: string;

  @ApiProperty({ maxLength: CONTRACT_BOUNDS.commentMaxLength, example: 'Fiona is on sick leave' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(CONTRACT_BOUNDS.commentMaxLength)
  reason: string;
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

// ---------------------------------------------------------------- responses
// What GET /api/tasks, GET /api/tasks/:id, delegate and deadline answer: TasksService.view, field
// by field. The web app's approver pages read these through the generated client's types.

export class TaskContractView {
  @ApiProperty() title: string;
  @ApiProperty() customerName: string;
  @ApiProperty({ description: 'In the contract currency, two decimals' }) amount: number;
  @ApiProperty({ description: 'ISO 4217 code' }) currency: string;
  @ApiProperty({ type: 'integer', description: "The contract's current revision" }) revision: number;
}

export class TaskReminderView {
  @ApiProperty({ description: 'The share of the step’s time used when the reminder goes out' }) fraction: number;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class TaskEscalationView {
  @ApiProperty({ type: 'integer', minimum: 1 }) level: number;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class TaskScheduleView {
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: [TaskReminderView] }) reminders: TaskReminderView[];
  @ApiProperty({ type: [TaskEscalationView] }) escalations: TaskEscalationView[];
}

export class TaskReasonView {
  @ApiProperty({ description: 'The rule that sent the step to a person' }) ruleId: string;
  @ApiProperty({ description: 'Why, in the rule’s words' }) reason: string;
  @ApiPropertyOptional({ type: [String] }) problems?: string[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The values the rule looked at' }) inputs?: Record<string, unknown>;
}

export class ReturnTargetView {
  @ApiProperty({ example: 'pricing_review' }) key: string;
  @ApiProperty({ example: 'Pricing review' }) name: string;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contractId: string;
  @ApiProperty({ type: TaskContractView }) contract: TaskContractView;
  @ApiProperty({ description: 'The chain step this task decides, e.g. legal_review' }) stepKey: string;
  @ApiProperty({ type: 'integer', description: 'The contract revision the task was opened for' }) revision: number;
  @ApiProperty({ enum: ['open', 'decided', 'cancelled'] }) status: TaskStatus;
  @ApiProperty({ format: 'uuid' }) assigneeId: string;
  @ApiProperty({ format: 'uuid', description: 'Who the task went to before out-of-office routing, delegation or self-approval rerouting' }) originalAssigneeId: string;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, description: 'Managers it escalated to; each may decide in the assignee’s place' }) escalatedTo: string[];
  @ApiProperty({ type: 'integer', minimum: 0 }) escalationLevel: number;
  @ApiProperty({ enum: ['approve', 'reject', 'request_changes', 'return'], nullable: true }) decision: Decision | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a decision by a rule (timeout)' }) decidedById: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ type: TaskScheduleView }) schedule: TaskScheduleView;
  @ApiProperty({ type: TaskReasonView }) reason: TaskReasonView;
  @ApiProperty({ type: String, nullable: true, description: 'How routing changed the assignee (out of office, delegation), if it did' }) routingNote: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    enum: ['green', 'amber', 'red'],
    description:
      'The domain’s colour (src/domain/sla/rag.ts) of the time from creation to the due time: at now while open, at the decision (or cancellation) after. green without a due time',
  })
  rag: Rag;
  @ApiProperty({ description: 'Whether the caller may decide it now (assignee or escalation manager, not the submitter, task open)' }) canDecide: boolean;
  @ApiProperty({ type: [ReturnTargetView], description: "The earlier steps the task may return the contract to (decision return, toStep), from the step's returnTo in the contract's policy; empty: no return" })
  returnTargets: ReturnTargetView[];
}
