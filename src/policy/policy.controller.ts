// /api/policy: policy versions (read: ops and policy admins), drafts (policy admins make, change
// and activate them) and the diff between two versions.
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequestOrigin } from '../directory/auth';
import { ActivateDraftBody, CreateDraftBody, PolicyDiffQuery, PolicyDiffView, PolicyDraftSummary, PolicyDraftView, PolicyVersionSummary, PolicyVersionView, WHAT_IF_MAX_WINDOW_DAYS, WhatIfBody, WhatIfView } from './policy.dto';
import { PolicyAdminService } from './policy-admin.service';
import { WhatIfService } from './what-if.service';
import { SimulationJobAccepted } from './simulation-job.dto';
import { SimulationJobsService } from './simulation-jobs.service';

const DRAFT_CHANGES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    steps: {
      type: 'object',
      description: 'By step key: params merged over the step\'s (null removes an optional one), slaBusinessHours, assignee, cc',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          params: { type: 'object', additionalProperties: true },
          slaBusinessHours: { type: 'number' },
          assignee: { type: 'object', properties: { kind: { type: 'string', enum: ['role', 'submitter_manager'] }, role: { type: 'string' } }, required: ['kind'] },
          cc: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            description: "Who is copied (抄送) on the step's decision: holders of the roles and the users; replaces the step's cc, null removes it",
            properties: { roles: { type: 'array', items: { type: 'string' } }, users: { type: 'array', items: { type: 'string', format: 'uuid' } } },
          },
        },
      },
    },
    autoApproveOnTimeout: { type: 'array', items: { type: 'string' }, description: 'The complete list of step keys whose task is approved when it times out' },
    stages: { type: 'array', items: { type: 'object', properties: { tracks: { type: 'array', items: { type: 'array', items: { type: 'string' } } } } } },
  },
  example: { steps: { pricing_review: { params: { maxDiscountPercent: 12 } }, legal_review: { slaBusinessHours: 12 } } },
};

@ApiTags('policy')
@ApiBearerAuth()
@Controller('api/policy')
export class PolicyController {
  constructor(
    private readonly policies: PolicyAdminService,
    private readonly whatIfs: WhatIfService,
    private readonly simulations: SimulationJobsService,
  ) {}

  @Get('versions')
  @ApiOperation({ summary: 'Every policy version, in the order they take force, with which is in force (ops, policy admins)' })
  @ApiOkResponse({ type: [PolicyVersionSummary] })
  versions(@CurrentUser() user: AuthUser): Promise<PolicyVersionSummary[]> {
    return this.policies.versions(user);
  }

  @Get('versions/:version')
  @ApiOperation({ summary: 'One policy version with its immutable policy (ops, policy admins)' })
  @ApiOkResponse({ type: PolicyVersionView })
  @ApiResponse({ status: 404, description: 'No such version' })
  version(@CurrentUser() user: AuthUser, @Param('version') version: string): Promise<PolicyVersionView> {
    return this.policies.version(user, version);
  }

  @Get('diff')
  @ApiOperation({ summary: 'What changed between two versions, step by step (ops, policy admins)' })
  @ApiOkResponse({ type: PolicyDiffView })
  diff(@CurrentUser() user: AuthUser, @Query() q: PolicyDiffQuery): Promise<PolicyDiffView> {
    return this.policies.diff(user, q.from, q.to);
  }

  @Post('drafts')
  @ApiOperation({ summary: 'A new draft, a copy of a version (policy admins)' })
  @ApiResponse({ status: 201, type: PolicyDraftView })
  createDraft(@CurrentUser() user: AuthUser, @Body() body: CreateDraftBody): Promise<PolicyDraftView> {
    return this.policies.createDraft(user, body.fromVersion);
  }

  @Get('drafts')
  @ApiOperation({ summary: 'Every open draft, the most recently changed first (ops, policy admins)' })
  @ApiOkResponse({ type: [PolicyDraftSummary] })
  drafts(@CurrentUser() user: AuthUser): Promise<PolicyDraftSummary[]> {
    return this.policies.drafts(user);
  }

  @Get('drafts/:id')
  @ApiOperation({ summary: 'A draft (ops, policy admins)' })
  @ApiOkResponse({ type: PolicyDraftView })
  draft(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PolicyDraftView> {
    return this.policies.draft(user, id);
  }

  @Patch('drafts/:id')
  @ApiOperation({
    summary: 'Change a draft: thresholds, SLAs, assignees, the timeout-approval list, stage grouping (policy admins)',
    description: 'The changed draft is validated completely; a problem is a 400 naming the field (e.g. steps[5].params.maxDiscountPercent) and the rule, and nothing is stored.',
  })
  @ApiBody({ schema: DRAFT_CHANGES_SCHEMA })
  @ApiOkResponse({ type: PolicyDraftView })
  patchDraft(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown): Promise<PolicyDraftView> {
    return this.policies.patchDraft(user, id, body);
  }

  @Post('drafts/:id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a draft a version, in force now or from activeFrom; audited (policy admins)' })
  @ApiOkResponse({ type: PolicyVersionView })
  activate(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: ActivateDraftBody, @RequestOrigin() origin: Record<string, unknown>): Promise<PolicyVersionView> {
    return this.policies.activate(user, id, body.activeFrom, origin);
  }

  @Post('what-if')
  @HttpCode(200)
  @ApiOperation({
    summary: "What a draft's (or version's) rules would have decided for the contracts submitted in [from, to), against what the workflow decided (ops, policy admins)",
    description:
      `Replays the pure rules on each contract's recorded inputs (bots are not run again: their recorded results are inputs); a person asked is assumed to approve. Per step: decisions changing automatic -> human and back; the contract steps that change and why; human tasks per approver role and the automatic share, before and after, over the steps decided on both sides. 400 naming the field: exactly one of draftId and version, a known draft or version, from < to, at most ${WHAT_IF_MAX_WINDOW_DAYS} days.`,
  })
  @ApiOkResponse({ type: WhatIfView })
  @ApiResponse({ status: 202, type: SimulationJobAccepted, description: 'simulate: true: the calibrated simulation (the version in force against the draft or version, people fitted from the trail in [from, to)) started in the background; poll GET /api/policy/what-if/jobs/{jobId}' })
  whatIf(@CurrentUser() user: AuthUser, @Body() body: WhatIfBody, @Res({ passthrough: true }) res: Response): Promise<WhatIfView | SimulationJobAccepted> {
    if (body.simulate === true) {
      res.status(202);
      return this.simulations.create(user, { draftId: body.draftId, version: body.version, from: body.from, to: body.to });
    }
    return this.whatIfs.whatIf(user, body);
  }
}
