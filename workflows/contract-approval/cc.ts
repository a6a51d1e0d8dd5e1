// CC (抄送) on a step's decision: once a step of the chain is decided (by a person, or by a rule),
// the people its policy step copies, and (for a step that went to a person) the people the rep
// copied at submission, get one mail each with the decision and a link; they have nothing to
// decide. Who is copied is the domain's (src/domain/chain/cc.ts); the activity resolves roles,
// records CC_NOTIFIED and mails each person once, keyed by contract, revision and step, so a
// retried activity or a replayed run sends nothing twice. Sent in the background like every mail
// (the run waits for it before it closes). New behaviour behind patched('cc'): runs recorded
// before it replay without the activity.
import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { CcActivities } from '../../activities/cc.activities';
import { ccOf } from '../../src/domain/chain/cc';
import type { StepDefinition } from '../../src/domain/chain/policy.types';
import { type ContractRun, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';

/** Patch marker of the runs that copy people on decisions. */
export const CC_PATCH = 'cc';

// Mail retries for as long as it takes (SMTP down): nothing is lost, it goes out when SMTP returns.
const { notifyCc } = proxyActivities<CcActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export class CcNotifier {
  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {}

  /** Called once the step's track is done with it: copies people on its decision, if it is one and anyone is copied. */
  afterStep(def: StepDefinition): void {
    const { run, rec } = this;
    const step = run.steps.get(def.key);
    if (!step) return;
    const cc = ccOf(step, def.cc, run.submission.cc);
    if (!cc || !patched(CC_PATCH)) return;
    const status = step.status as 'approved' | 'auto_approved' | 'rejected' | 'changes_requested';
    const cid = run.input.contractId;
    rec.track(
      notifyCc({
        contractId: cid,
        revision: run.revision,
        stepKey: def.key,
        stepName: def.name,
        eventKey: `${cid}:${run.revision}:cc:${def.key}`,
        status,
        decidedBy: step.decidedBy,
        comment: step.comment,
        decidedAt: step.completedAt ?? nowIso(),
        taskId: step.taskId,
        roles: cc.roles,
        users: cc.users,
      }).catch((err) => log.warn('cc mail failed', { err: String(err) })),
    );
  }
}
