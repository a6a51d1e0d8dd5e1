// HTTP surface for contracts; each handler maps the request and delegates to ContractsService
// (submission, revision, withdrawal) or ContractViewsService (reading).
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser, RequestOrigin } from '../directory/auth';
import { CreateContractDto, ListContractsQuery, ReviseContractDto, WithdrawContractDto } from './contract.dto';
import { ContractsService } from './contracts.service';
import { ContractViewsService } from './contract-views.service';
import { AddApproverDto } from './ad-hoc-approvers.dto';
import { AdHocApproversService } from './ad-hoc-approvers.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly views: ContractViewsService,
    private readonly adHoc: AdHocApproversService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit a contract (reps); starts workflow contract-<id>' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: the same contract; same key, other body: 422' })
  @ApiResponse({ status: 201, description: 'Stored, and its workflow started' })
  @ApiResponse({ status: 202, description: 'Stored, but the workflow service was unreachable: the workflow starts automatically (workflowStarted: false); do not resubmit' })
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateContractDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestOrigin() origin: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.contracts.submit(user, dto, key, origin);
    if (!result.workflowStarted) res.status(202);
    return result;
  }

  @Get()
  @ApiOperation({ summary: 'Contracts the caller may see: reps their own, approvers those they hold tasks on, ops all' })
  list(@CurrentUser() user: AuthUser, @Query() q: ListContractsQuery) {
    return this.views.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A contract with its steps, open tasks, timing (RAG), order and document' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.views.get(user, id);
  }

  @Get(':id/document')
  @ApiOperation({ summary: 'The generated contract document (HTML)' })
  async document(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    const doc = await this.views.document(user, id);
    res.setHeader('Content-Type', doc.contentType);
    res.setHeader('ETag', `"${doc.sha256}"`);
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.send(doc.body);
  }

  @Get(':id/document.pdf')
  @ApiOperation({ summary: 'The generated contract document (PDF, same content as the HTML; Chinese text in Noto Sans SC)' })
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'The PDF of the latest approved revision', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 404, description: 'No such contract visible to the caller, or no document yet' })
  async documentPdf(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res() res: Response) {
    const doc = await this.views.documentPdf(user, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="contract-${id}-r${doc.revision}.pdf"`);
    res.setHeader('ETag', `"${doc.sha256}"`);
    res.send(doc.pdf);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The contract's audit events, in order" })
  history(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.views.history(user, id);
  }

  @Post(':id/revisions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revise a contract returned for changes (the submitting rep); unchanged steps keep their decisions' })
  revise(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ReviseContractDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.contracts.revise(user, id, dto, origin);
  }

  @Post(':id/approvers')
  @HttpCode(200)
  @ApiOperation({ summary: "Sales managers and ops: ask one more person's approval after a step not yet decided; 409 when that step passed or the contract is closed" })
  addApprover(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AddApproverDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.adHoc.add(user, id, dto, origin);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a contract (the submitting rep); open tasks are cancelled' })
  withdraw(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: WithdrawContractDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.contracts.withdraw(user, id, dto.reason, origin);
  }
}
