// All activities the worker registers, built from their dependencies.
import type { ActivityDeps } from './contract.activities';
import { createContractActivities } from './contract.activities';
import { baselineActivities } from './baseline.activities';

export type { ActivityDeps };
export function createActivities(deps: ActivityDeps) {
  return { ...createContractActivities(deps), ...baselineActivities };
}
