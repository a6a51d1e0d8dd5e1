// The background calibrated simulations (issue 16 item 3), ops and policy admins: a request is
// validated completely (400 naming the field) and stored as a pending job; any API process's
// SimulationJobRunner claims and runs it (simulation-job-runner.ts). This process is woken at
// once, so a job starts without waiting for the poll.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { DomainErrorCode } from '../domain/errors';
import { PolicyRepository } from './policy.repository';
import { SimulationJobRunner } from './simulation-job-runner';
import { SIMULATION_JOB_DEFAULT_CONTRACTS, SIMULATION_JOB_DEFAULT_SEED, type SimulationJobAccepted, type SimulationJobBody, type SimulationJobView } from './simulation-job.dto';
import { insertSimulationJob, simulationJob, type SimulationJobRequest } from './simulation-jobs.repository';
import { checkWhatIfWindow } from './what-if-window';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SimulationJobsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PolicyRepository,
    private readonly runner: SimulationJobRunner,
  ) {}

  async create(user: AuthUser, body: SimulationJobBody): Promise<SimulationJobAccepted> {
    mayAsk(user);
    const request = checkRequest(body);
    if (request.draftId !== undefined && !(await this.repo.draft(request.draftId))) {
      throw validationFailed([{ field: 'draftId', rule: 'known_draft', message: `There is no policy draft ${request.draftId}` }]);
    }
    if (request.version !== undefined && !(await this.repo.version(request.version))) {
      throw validationFailed([{ field: 'version', rule: 'known_version', message: `There is no policy version '${request.version}'` }]);
    }
    const id = randomUUID();
    await insertSimulationJob(this.db, { id, request, requestedBy: user.id });
    this.runner.wake();
    return { jobId: id };
  }

  async job(user: AuthUser, id: string): Promise<SimulationJobView> {
    mayAsk(user);
    const row = UUID.test(id) ? await simulationJob(this.db, id) : null;
    if (!row) throw new AppError(EdgeErrorCode.NOT_FOUND, `There is no simulation job ${id}`);
    return {
      id: row.id,
      status: row.status,
      progress: row.progress,
      request: { ...row.request },
      attempts: row.attempts,
      ...(row.result ? { result: row.result } : {}),
      ...(row.error ? { error: row.error } : {}),
      createdAt: new Date(row.createdAt).toISOString(),
      ...(row.startedAt ? { startedAt: new Date(row.startedAt).toISOString() } : {}),
      ...(row.finishedAt ? { finishedAt: new Date(row.finishedAt).toISOString() } : {}),
    };
  }
}

function mayAsk(user: AuthUser): void {
  if (!isOps(user) && !user.roles.includes('policy_admin')) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops and policy admins run and read simulations');
}

/** The job's request, or a 400 naming the field: exactly one of draftId and version; from < to, at most the what-if window. */
function checkRequest(body: SimulationJobBody): SimulationJobRequest {
  const { from, to } = checkWhatIfWindow(body);
  return {
    ...(body.draftId !== undefined ? { draftId: body.draftId } : { version: body.version! }),
    from: from.toISOString(),
    to: to.toISOString(),
    contracts: body.contracts ?? SIMULATION_JOB_DEFAULT_CONTRACTS,
    seed: body.seed ?? SIMULATION_JOB_DEFAULT_SEED,
  };
}
