// What /api/policy answers and takes (OpenAPI shapes; the PATCH body is checked by draft-changes.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StepVerdictKind } from '../domain/chain/what-if';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

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

export class PolicyDraftSummary {
  @ApiProperty() id: string;
  @ApiProperty() chainId: string;
  @ApiProperty({ nullable: true, type: String }) fromVersion: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String, description: "The draft policy's description" }) description: string | null;
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

/** The longest window POST /api/policy/what-if takes: a quarter (92 days) of submissions. */
export const WHAT_IF_MAX_WINDOW_DAYS = 92;
/** The most contract-step changes one what-if answer lists (the counts cover all of them). */
export const WHAT_IF_MAX_CHANGES = 1000;

export class WhatIfBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'The draft whose rules are asked (exactly one of draftId and version)' })
  @IsOptional()
  @IsUUID()
  draftId?: string;

  @ApiPropertyOptional({ example: 'slim-p1', description: 'A stored version whose rules are asked (exactly one of draftId and version)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  version?: string;

  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'Contracts submitted at or after this instant (ISO 8601)' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-01T00:00:00Z', description: `Contracts submitted before this instant (ISO 8601); after from, at most ${WHAT_IF_MAX_WINDOW_DAYS} days later` })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({
    description:
      'Also run a background simulation calibrated from the trail (issue 16 item 3; handled by the calibrated simulator, not by this evaluation). Absent or false: only the rules are replayed.',
  })
  @IsOptional()
  @IsBoolean()
  simulate?: boolean;
}

/** How one step of one contract is decided (StepVerdictKind, src/domain/chain/what-if.ts). */
const WHAT_IF_STEP_KINDS: StepVerdictKind[] = ['automatic', 'human', 'skipped', 'not_reached'];

export class WhatIfVerdictView {
  @ApiProperty({
    enum: WHAT_IF_STEP_KINDS,
    description: 'automatic: a rule or bot decided; human: a person was (or would be) asked; skipped: the rule found the step does not apply; not_reached: the chain stopped before it',
  })
  kind: StepVerdictKind;
  @ApiPropertyOptional({ enum: ['approve', 'return_to_rep'], description: 'automatic only: what the rule or bot decided' })
  outcome?: 'approve' | 'return_to_rep';
  @ApiPropertyOptional({ example: 'deal_desk', description: "human only: the role asked ('sales_manager' for the rep's manager)" })
  role?: string;
  @ApiPropertyOptional({ example: 'pricing_review.within_discount_and_floor', description: 'The rule (or bot) that decided; timeout_auto_approved counts as human' })
  ruleId?: string;
  @ApiPropertyOptional({ description: "The rule's reason, or the recorded step's" }) reason?: string;
  @ApiPropertyOptional({ description: "before only: the running contract's workflow has not reached the step yet; this is what its own policy will decide" })
  expected?: boolean;
}

export class WhatIfChangeView {
  @ApiProperty({ format: 'uuid' }) contractId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'pricing_review' }) stepKey: string;
  @ApiProperty() stepName: string;
  @ApiProperty({ type: WhatIfVerdictView, description: 'What the workflow decided (the recorded step)' }) before: WhatIfVerdictView;
  @ApiProperty({ type: WhatIfVerdictView, description: "What the asked policy's rules decide" }) after: WhatIfVerdictView;
  @ApiProperty({ example: 'Discount 11.00% within 12.00%; every line at or above its floor price', description: "Why: the asked policy's rule reason" })
  reason: string;
}

export class WhatIfStepView {
  @ApiProperty({ example: 'pricing_review' }) stepKey: string;
  @ApiProperty() stepName: string;
  @ApiProperty() number: number;
  @ApiProperty({ description: 'Contracts whose step the workflow decided without a person, and the asked policy gives a person' }) automaticToHuman: number;
  @ApiProperty({ description: 'Contracts whose step a person decided, and the asked policy decides without one' }) humanToAutomatic: number;
  @ApiProperty({ description: 'Contracts whose step is decided both by the workflow and by the asked policy (the compared decisions)' }) decisions: number;
  @ApiProperty({ description: 'Of them, decided without a person by the workflow (rule, bot, or skipped)' }) automaticBefore: number;
  @ApiProperty({ description: 'Of them, decided without a person by the asked policy' }) automaticAfter: number;
}

export class WhatIfRoleView {
  @ApiProperty({ example: 'deal_desk', description: "The approver role ('sales_manager' for the rep's manager)" }) role: string;
  @ApiProperty({ description: 'Human tasks recorded' }) before: number;
  @ApiProperty({ description: 'Human tasks under the asked policy' }) after: number;
}

export class WhatIfShareView {
  @ApiProperty({ nullable: true, type: Number, description: 'Compared decisions made without a person (rule, bot or skipped) / compared decisions; null when none' })
  before: number | null;
  @ApiProperty({ nullable: true, type: Number }) after: number | null;
}

export class WhatIfView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) draftId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The version asked, when a version was' }) version: string | null;
  @ApiProperty({ description: 'The chain the asked policy is for; only contracts of this chain are evaluated' }) chainId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Contracts submitted in the window and evaluated' }) contracts: number;
  @ApiProperty({ description: 'Contracts changing in at least one step' }) contractsChanged: number;
  @ApiProperty({ description: 'Step decisions compared (decided both before and after)' }) comparedDecisions: number;
  @ApiProperty({ description: "Of them, those whose before is expected: a running contract's step its workflow has not reached yet, counted with what its own policy will decide" })
  expectedDecisions: number;
  @ApiProperty({ type: [WhatIfStepView], description: 'Per step of the asked policy, in chain order' }) steps: WhatIfStepView[];
  @ApiProperty({ type: [WhatIfChangeView], description: `Each compared contract step whose decision differs (kind, rule outcome or role asked), oldest submission first, at most ${WHAT_IF_MAX_CHANGES}` })
  changes: WhatIfChangeView[];
  @ApiProperty({ description: 'More changes than listed' }) changesTruncated: boolean;
  @ApiProperty({ type: [WhatIfRoleView], description: 'Human tasks per approver role over the compared decisions, before and after' }) humanTasksByRole: WhatIfRoleView[];
  @ApiProperty({ type: WhatIfShareView }) automaticShare: WhatIfShareView;
  @ApiProperty({ description: 'How long the evaluation took, in milliseconds' }) elapsedMs: number;
}
