// The ops dashboard's document (GET /api/reports/dashboard), typed for the OpenAPI document: the
// web app's client is generated from it, so every field is declared here. Figures shared with the
// cycle-time report implement its interfaces, so both stay one definition.
import { ApiProperty } from '@nestjs/swagger';
import type { Rag } from '../domain/sla/rag';
import type { ApproverFigures, StepFigures } from './cycle-time-report';

const HOURS = { type: Number, nullable: true } as const;
const SHARE = { type: Number, nullable: true, description: 'A fraction 0–1 (4 decimals); null when there is nothing to divide by' } as const;

export class DashboardPeriod {
  @ApiProperty({ format: 'date-time', description: 'Contracts submitted at or after this instant' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'Contracts submitted before this instant' }) to: string;
  @ApiProperty({ description: 'The organisation time zone that plain dates and weeks are read in' }) timeZone: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) repId: string | null;
  @ApiProperty({ type: String, nullable: true }) country: string | null;
}

export class HoursPercentiles {
  @ApiProperty(HOURS) p50: number | null;
  @ApiProperty(HOURS) p90: number | null;
  @ApiProperty(HOURS) p95: number | null;
  @ApiProperty(HOURS) mean: number | null;
}

export class DashboardSummary {
  @ApiProperty({ description: 'Contracts submitted in the period' }) contracts: number;
  @ApiProperty() approved: number;
  @ApiProperty() rejected: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty({ description: 'In review or back with the rep' }) inFlight: number;
  @ApiProperty({ description: 'The cycle-time target in hours (configuration)' }) targetHours: number;
  @ApiProperty({ type: HoursPercentiles, description: 'Submission to approval minus time with the rep (approved contracts)' }) cycleTimeHours: HoursPercentiles;
  @ApiProperty({ ...SHARE, description: 'Approved contracts whose cycle time is within the target, of all approved' }) withinTargetShare: number | null;
  @ApiProperty({ description: 'Step decisions (a decision kept from an earlier revision is not counted again)' }) stepDecisions: number;
  @ApiProperty({ ...SHARE, description: 'Step decisions made by a rule or bot, of all step decisions' }) automaticShare: number | null;
  @ApiProperty({ description: 'Tasks people decided' }) humanTasks: number;
  @ApiProperty({ description: 'Tasks decided after their SLA' }) slaBreaches: number;
  @ApiProperty({ description: 'Tasks that escalated at least once' }) escalations: number;
}

export class HistogramBucket {
  @ApiProperty({ description: 'Lower bound in hours (exclusive, except 0)' }) fromHours: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound in hours (inclusive); null for the open last bucket' }) toHours: number | null;
  @ApiProperty({ description: 'Approved contracts whose cycle time falls in this bucket' }) contracts: number;
  @ApiProperty({ description: 'True when the whole bucket is within the target' }) withinTarget: boolean;
}

export class WeeklyTrendPoint {
  @ApiProperty({ format: 'date', description: "Monday of the week (organisation time zone) the contracts were submitted in" }) weekStart: string;
  @ApiProperty({ description: 'Contracts submitted that week' }) contracts: number;
  @ApiProperty({ description: 'Of those, approved' }) approved: number;
  @ApiProperty(HOURS) p50Hours: number | null;
  @ApiProperty(HOURS) p90Hours: number | null;
  @ApiProperty(SHARE) withinTargetShare: number | null;
}

export class WaitingHours {
  @ApiProperty(HOURS) median: number | null;
  @ApiProperty(HOURS) p90: number | null;
}

export class DashboardStep implements StepFigures {
  @ApiProperty() stepKey: string;
  @ApiProperty() decisions: number;
  @ApiProperty() humanDecisions: number;
  @ApiProperty(SHARE) humanShare: number | null;
  @ApiProperty({ description: 'Tasks created and decided' }) tasks: number;
  @ApiProperty({ type: WaitingHours, description: 'From task creation to decision' }) waitingHours: WaitingHours;
  @ApiProperty() slaBreaches: number;
  @ApiProperty(SHARE) slaBreachRate: number | null;
  @ApiProperty() escalations: number;
}

export class DashboardApprover implements ApproverFigures {
  @ApiProperty({ format: 'uuid' }) approverId: string;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty() tasks: number;
  @ApiProperty({ ...HOURS, description: 'Median time from task creation to this approver’s decision' }) medianDecisionHours: number | null;
  @ApiProperty() breaches: number;
}

export class AtRiskContract {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['in_review', 'changes_requested'] }) status: 'in_review' | 'changes_requested';
  @ApiProperty({ format: 'uuid' }) repId: string;
  @ApiProperty({ type: String, nullable: true }) repName: string | null;
  @ApiProperty({ type: [String], description: 'Steps under way' }) currentSteps: string[];
  @ApiProperty({ enum: ['amber', 'red'] }) rag: Extract<Rag, 'amber' | 'red'>;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ description: 'Hours since submission (wall clock)' }) ageHours: number;
  @ApiProperty({ description: 'Hours that count against the target (time with the rep excluded)' }) elapsedHours: number;
  @ApiProperty() targetHours: number;
  @ApiProperty({ format: 'date-time', description: 'When the target runs out (later by the time spent with the rep)' }) dueAt: string;
}

export class DashboardReport {
  @ApiProperty({ type: DashboardPeriod }) period: DashboardPeriod;
  @ApiProperty({ format: 'date-time', description: 'The instant RAG colours and ages were computed at' }) generatedAt: string;
  @ApiProperty({ type: DashboardSummary }) summary: DashboardSummary;
  @ApiProperty({ type: [HistogramBucket], description: 'Cycle times of approved contracts in thirds of the target; the last bucket is open' }) cycleTimeHistogram: HistogramBucket[];
  @ApiProperty({ type: [WeeklyTrendPoint], description: 'Every week of the period, oldest first, empty weeks included' }) weeklyTrend: WeeklyTrendPoint[];
  @ApiProperty({ type: [DashboardStep], description: 'Per step in chain order: decisions, waiting time, SLA breaches, escalations' }) steps: DashboardStep[];
  @ApiProperty({ type: [DashboardApprover], description: 'Per approver: decision time and breaches' }) approvers: DashboardApprover[];
  @ApiProperty({ type: [AtRiskContract], description: 'Open contracts now amber or red (whenever submitted), most elapsed first' }) atRisk: AtRiskContract[];
}
