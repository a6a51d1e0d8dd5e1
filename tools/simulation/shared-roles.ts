// Shared roles: held by more than one person, so routing balances a task between them by their
// open-task counts. The simulator serialises the decisions that may open a task of one (which
// ones: forecast.ts), so that routing reads the same counts in every run with the same seed.
import type { StepDefinition } from '../../src/domain/chain/policy.types';

/** The step's role when more than one person holds it, else null. */
export function sharedRoleOf(def: StepDefinition, multiMemberRoles: ReadonlySet<string>): string | null {
  return def.assignee?.kind === 'role' && multiMemberRoles.has(def.assignee.role) ? def.assignee.role : null;
}
