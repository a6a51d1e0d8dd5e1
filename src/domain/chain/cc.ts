// CC (抄送): people copied on a step's decision. They get one mail per decision and may see the
// contract, but have nothing to decide. Two sources: the policy's step (`cc: { roles, users }`,
// copied whenever that step is decided, by a person or a rule) and the rep at submission
// (`cc: [userId]`, copied on the decisions of the steps that went to a person, including an
// approval on timeout, not on every automatic rule check). Pure: the checks the policy
// validation and the submission DTO use, and which decisions are copied.
import type { StepStatus } from './engine.types';
import { ROLES } from './policy.types';

/** Who a policy step copies on its decision. */
export interface CcSpec {
  /** Everyone holding one of these roles. */
  roles?: string[];
  /** These users, by id. */
  users?: string[];
}

/** At most this many users a rep copies at submission. */
export const MAX_SUBMISSION_CC = 10;
/** At most this many roles, and this many users, on one policy step. */
export const MAX_STEP_CC = 20;

/** Step statuses that are a decision someone is copied on. A skipped step or a kept decision is not news. */
export const CC_STATUSES: ReadonlySet<StepStatus> = new Set(['approved', 'auto_approved', 'rejected', 'changes_requested']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Problems of a step's `cc`, each with the path below `cc` (e.g. `.roles[1]`), its rule and a sentence. */
export function ccSpecProblems(cc: unknown): { path: string; rule: string; message: string }[] {
  if (cc === null || typeof cc !== 'object' || Array.isArray(cc)) return [{ path: '', rule: 'type', message: 'Must be an object { roles?: string[], users?: string[] }' }];
  const out: { path: string; rule: string; message: string }[] = [];
  for (const key of Object.keys(cc)) if (key !== 'roles' && key !== 'users') out.push({ path: `.${key}`, rule: 'unknown_field', message: 'cc names only roles and users' });
  const { roles, users } = cc as { roles?: unknown; users?: unknown };
  const list = (value: unknown, name: string, check: (v: unknown) => string | null) => {
    if (value === undefined) return;
    if (!Array.isArray(value)) return void out.push({ path: `.${name}`, rule: 'type', message: `Must be a list of ${name}` });
    if (value.length > MAX_STEP_CC) out.push({ path: `.${name}`, rule: 'max_items', message: `At most ${MAX_STEP_CC} ${name}` });
    if (new Set(value).size !== value.length) out.push({ path: `.${name}`, rule: 'unique', message: `Each of the ${name} at most once` });
    value.forEach((v, i) => {
      const problem = check(v);
      if (problem) out.push({ path: `.${name}[${i}]`, rule: name === 'roles' ? 'unknown_role' : 'uuid', message: problem });
    });
  };
  list(roles, 'roles', (v) => (typeof v === 'string' && (ROLES as readonly string[]).includes(v) ? null : `Must be one of ${ROLES.join(', ')}`));
  list(users, 'users', (v) => (typeof v === 'string' && UUID.test(v) ? null : 'Must be a user id (UUID)'));
  return out;
}

/**
 * Whether a step's decision is copied, and to whom by source: the policy's cc always, the rep's
 * when a person was asked (the step had a task). Nothing for a step that is not a decision.
 */
export function ccOf(step: { status: StepStatus; keptFromRevision?: number; taskId?: string }, policyCc: CcSpec | undefined, submissionCc: readonly string[] | undefined): { roles: string[]; users: string[] } | null {
  if (!CC_STATUSES.has(step.status) || step.keptFromRevision !== undefined) return null;
  const users = [...new Set([...(policyCc?.users ?? []), ...(step.taskId ? (submissionCc ?? []) : [])])];
  const roles = [...new Set(policyCc?.roles ?? [])];
  return users.length || roles.length ? { roles, users } : null;
}
