// CC (抄送) mail: a step was decided and people are copied on it (src/domain/chain/cc.ts). The
// roles are resolved to their holders now, the decider is left out (they know), the CC_NOTIFIED
// audit event is stored first (it is also what lets a copied user see the contract, see
// src/contracts/contracts.repository.ts), then each recipient gets one mail. Keyed by the
// workflow's event key (contract, revision, step): a retried or repeated activity stores the
// event once and mails each person once (the mail log's claim per event and recipient).
import type { DataSource } from 'typeorm';
import type { CcMailInput } from '../../activities/cc.activities';
import { insertAuditEvents } from '../audit/audit.repository';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import type { ContractFacts, Recipient } from './templates/mail.props';
import type { Person } from './mail-data.repository';
import { stepCcTemplate } from './templates/step-cc.template';
import { type Deliver, contractPageUrl } from './deliver';


export interface CcMailDeps {
  db: DataSource;
  person: (id: string) => Promise<Person | null>;
  contractFacts: (contractId: string, revision?: number) => Promise<{ facts: ContractFacts } | null>;
  addressee: (p: Person) => Recipient;
  deliver: Deliver;
  publicBaseUrl: string;
}

/** The users copied: the named ones that exist and every holder of a named role, minus the decider, in username order. */
async function recipientsOf(db: DataSource, input: CcMailInput): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM users WHERE (id = ANY($1::uuid[]) OR roles && $2::text[]) AND ($3::uuid IS NULL OR id <> $3::uuid) ORDER BY username`,
    [input.users, input.roles, input.decidedBy?.kind === 'user' ? input.decidedBy.id : null],
  );
  return rows.map((r) => r.id);
}

export async function sendCcMails(deps: CcMailDeps, input: CcMailInput): Promise<{ sent: number; recipientIds: string[] }> {
  const loaded = await deps.contractFacts(input.contractId, input.revision);
  if (!loaded) return { sent: 0, recipientIds: [] };
  const recipientIds = await recipientsOf(deps.db, input);
  await insertAuditEvents(deps.db.manager, [
    {
      eventKey: `${input.eventKey}:notified`,
      type: AUDIT_EVENT_TYPES.CC_NOTIFIED,
      contractId: input.contractId,
      actorKind: 'system',
      actorId: null,
      revision: input.revision,
      stepKey: input.stepKey,
      occurredAt: input.decidedAt,
      origin: null,
      data: { recipientIds, roles: input.roles, users: input.users, status: input.status, decidedBy: input.decidedBy ?? null, taskId: input.taskId ?? null },
    },
  ]);
  const decider = input.decidedBy?.kind === 'user' ? await deps.person(input.decidedBy.id) : null;
  let sent = 0;
  for (const id of recipientIds) {
    const recipient = await deps.person(id);
    if (!recipient) continue;
    const result = await deps.deliver({
      eventKey: input.eventKey,
      kind: 'step_cc',
      recipient,
      contractId: input.contractId,
      taskId: null,
      revision: input.revision,
      stepKey: input.stepKey,
      render: async () => ({
        linkId: null,
        mail: stepCcTemplate({
          recipient: deps.addressee(recipient),
          contract: loaded.facts,
          at: input.decidedAt,
          stepName: input.stepName,
          status: input.status,
          byName: decider?.name ?? null,
          ruleId: input.decidedBy?.kind === 'rule' ? input.decidedBy.id : null,
          comment: input.comment ?? null,
          appUrl: contractPageUrl(deps.publicBaseUrl, input.contractId),
        }),
      }),
    });
    if (result.sent) sent += 1;
  }
  return { sent, recipientIds };
}
