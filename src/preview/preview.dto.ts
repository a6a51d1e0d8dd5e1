// The answer of POST /api/contracts/preview (the request is CreateContractDto, as for a submission).
import { ApiProperty } from '@nestjs/swagger';
import { PREVIEW_MODES, type PreviewMode } from './routing-preview';

const OUTCOMES = ['approve', 'human', 'skip', 'return_to_rep', 'bot'] as const;

export class PreviewStepView {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'Position in the chain, 1-based' }) number: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: '1-based stage; the steps of a stage run in parallel tracks' }) stage: number;
  @ApiProperty({
    enum: PREVIEW_MODES,
    description: 'automatic: a rule approves or a bot performs it; person: its assignee must decide; skipped: does not apply; returned: the contract goes back to the rep; not_reached: after a return to the rep',
  })
  mode: PreviewMode;
  @ApiProperty({ enum: OUTCOMES, nullable: true, description: "The rule's outcome ('bot' for a bot step); null when not reached" })
  outcome: (typeof OUTCOMES)[number] | null;
  @ApiProperty({ type: String, nullable: true, description: 'The rule (or bot) that decides' }) ruleId: string | null;
  @ApiProperty({ description: 'Why, in one line (e.g. "the liability clause differs from the standard")' }) reason: string;
  @ApiProperty({ type: String, nullable: true, description: "Who decides when a person must: a role, or 'submitter_manager'" }) assigneeRole: string | null;
  @ApiProperty({ type: [String], description: 'For person and returned: the individual problems found' }) problems: string[];
}

export class PreviewSummaryView {
  @ApiProperty() automatic: number;
  @ApiProperty() person: number;
  @ApiProperty() skipped: number;
  @ApiProperty() returned: number;
  @ApiProperty({ name: 'not_reached' }) not_reached: number;
}

export class RoutingPreviewView {
  @ApiProperty({ description: 'The policy in force, which a submission now would run' }) policyVersion: string;
  @ApiProperty({ type: [PreviewStepView] }) steps: PreviewStepView[];
  @ApiProperty({ type: PreviewSummaryView, description: 'How many steps have each mode' }) summary: PreviewSummaryView;
}
