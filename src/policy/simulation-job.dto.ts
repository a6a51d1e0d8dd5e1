// What the background calibrated simulations (simulation_jobs) take and answer: POST
// /api/policy/what-if/jobs (and POST /api/policy/what-if with simulate: true) -> 202 { jobId },
// GET /api/policy/what-if/jobs/:id -> status, progress, and the result or the error.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export const SIMULATION_JOB_MAX_CONTRACTS = 1000;
export const SIMULATION_JOB_DEFAULT_CONTRACTS = 200;
export const SIMULATION_JOB_DEFAULT_SEED = '42';

export class SimulationJobBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'The draft run against the version in force (exactly one of draftId and version)' })
  @IsOptional()
  @IsUUID()
  draftId?: string;

  @ApiPropertyOptional({ example: 'slim-2026.12.1', description: 'A stored version run against the version in force (exactly one of draftId and version)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'The people are fitted from the trail of the contracts submitted at or after this instant' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z', description: '… and before this instant (after from, at most the what-if window)' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SIMULATION_JOB_MAX_CONTRACTS, default: SIMULATION_JOB_DEFAULT_CONTRACTS, description: 'Simulated contracts per version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(SIMULATION_JOB_MAX_CONTRACTS)
  contracts?: number;

  @ApiPropertyOptional({ default: SIMULATION_JOB_DEFAULT_SEED, description: 'The same seed gives the same figures' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,64}$/, { message: 'seed must be 1 to 64 letters, digits, dots, dashes or underscores' })
  seed?: string;
}

export class SimulationJobAccepted {
  @ApiProperty({ format: 'uuid', description: 'Poll GET /api/policy/what-if/jobs/{jobId}' }) jobId: string;
}

export class SimulationJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['pending', 'running', 'succeeded', 'failed'], description: 'pending: waiting for a runner; running: a runner works on it (progress); succeeded: result; failed: error' })
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of the simulated contracts closed (1 once the result is stored)' }) progress: number;
  @ApiProperty({ description: 'What was asked: draftId or version, from, to, contracts, seed' }) request: Record<string, unknown>;
  @ApiProperty({ description: 'Runs so far (a runner that died counts; the job fails after the last attempt)' }) attempts: number;
  @ApiPropertyOptional({
    description:
      'succeeded only: { calibration (fitted parameters per role, rework, rep), table (the before/after rows as text cells), runs (per version: summary, tasksByRole, slaBreaches), wallSeconds }',
  })
  result?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'failed only: why' }) error?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() startedAt?: string;
  @ApiPropertyOptional() finishedAt?: string;
}
