// All activities the worker registers, built from their dependencies. Every one goes through
// withFailureClassification, so a data error fails fast instead of retrying forever.
import type { ActivityDeps } from './contract.activities';
import { createContractActivities } from './contract.activities';
import { createIncidentActivities } from './incident.activities';
import { createOrderTrackingActivities } from './order-tracking.activities';
import { withFailureClassification } from './failures';
import { createUrgeActivities } from './urge.activities';
import { createCcActivities } from './cc.activities';
import { createRepeatedApproverActivities } from './repeated-approver.activities';

export type { ActivityDeps };
export function createActivities(deps: ActivityDeps) {
  return withFailureClassification({ ...createContractActivities(deps), ...createIncidentActivities(deps), ...createOrderTrackingActivities(deps), ...createUrgeActivities(deps), ...createCcActivities(deps), ...createRepeatedApproverActivities(deps) });
}
