// The ops view of the RPA bots' runs (GET /api/ops/bot-runs).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class BotRunsQuery {
  @ApiPropertyOptional({ enum: ['succeeded', 'failed'], description: 'Only runs with this status' })
  @IsOptional()
  @IsIn(['succeeded', 'failed'], { message: 'status must be succeeded or failed' })
  status?: 'succeeded' | 'failed';

  @ApiPropertyOptional({ format: 'uuid', description: "Only this contract's runs" })
  @IsOptional()
  @IsUUID('all', { message: 'contractId must be a UUID' })
  contractId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}

export class BotRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'order_bot' }) bot: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) contractId: string | null;
  @ApiProperty({ enum: ['browser', 'rest'] }) adapter: 'browser' | 'rest';
  @ApiProperty({ enum: ['succeeded', 'failed'] }) status: 'succeeded' | 'failed';
  @ApiProperty({ enum: ['created', 'reused'], nullable: true, type: String, description: 'What a successful run did: entered the order, or found it already in the ERP' })
  outcome: 'created' | 'reused' | null;
  @ApiProperty({ nullable: true, type: String }) erpOrderNumber: string | null;
  @ApiProperty({ description: "The activity's attempt" }) attempt: number;
  @ApiProperty({ nullable: true, type: String, description: 'Where a failed run stopped' }) step: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String }) pageUrl: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'GET this for the PNG of the page where the run stopped' }) screenshotUrl: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) finishedAt: string;
}
