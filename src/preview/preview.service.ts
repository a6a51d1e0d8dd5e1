// Reads what the workflow would read for a submission (the policy in force, the products of its
// SKUs, the clause library, the registry's customer record and denied-party matches) and runs
// the routing preview over it. Stores nothing: an unknown customer is not created, only described
// as customer capture would create it.
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { stableUuid } from '../common/ids';
import type { ContractSubmission, CustomerRecord } from '../domain/contract/contract.types';
import { DomainErrorCode } from '../domain/errors';
import { type AuthUser, isRep } from '../directory/auth';
import { PolicyService } from '../reference/policy.service';
import { ReferenceRepository } from '../reference/reference.repository';
import { previewRouting, type RoutingPreview } from './routing-preview';

@Injectable()
export class PreviewService {
  constructor(
    private readonly policies: PolicyService,
    private readonly reference: ReferenceRepository,
    // The submission's date as a submission now would be stamped (intake and delivery rules read it).
    private readonly clock: Clock,
  ) {}

  async preview(user: AuthUser, submission: ContractSubmission): Promise<RoutingPreview> {
    if (!isRep(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only reps preview contracts');
    const skus = [...new Set(submission.lines.map((l) => l.sku))];
    const [products, clauseLibrary, customer] = await Promise.all([this.reference.productsBySku(skus), this.reference.clauseLibrary(), this.customerRecord(submission)]);
    if (!clauseLibrary) throw new Error('The clause library is missing: run the migrate command to seed reference data');
    return previewRouting({
      policy: this.policies.current(),
      submission,
      products,
      clauseLibrary,
      customer,
      submittedAt: this.clock.now().toISOString(),
      submitterId: user.id,
    });
  }

  /** What captureCustomer (activities/contract.activities.ts) would return, without creating anything. */
  private async customerRecord(submission: ContractSubmission): Promise<CustomerRecord> {
    const ref = submission.customer;
    const row = await this.reference.customerByRegistrationNumber(ref.registrationNumber);
    const record = row
      ? {
          id: row.id,
          name: row.name,
          registrationNumber: row.registrationNumber,
          country: row.country,
          creditLimit: row.creditLimit,
          outstandingBalance: row.outstandingBalance,
          maxOverdueDays: row.maxOverdueDays,
          deniedParty: row.deniedParty,
          created: false,
        }
      : {
          id: stableUuid('greenlight-customer', ref.registrationNumber),
          name: ref.name,
          registrationNumber: ref.registrationNumber,
          country: ref.country,
          creditLimit: 0,
          outstandingBalance: 0,
          maxOverdueDays: 0,
          deniedParty: false,
          created: true,
        };
    const deniedPartyMatches = await this.reference.deniedPartyMatches([...new Set([ref.name, record.name])]);
    return { ...record, deniedPartyMatches };
  }
}
