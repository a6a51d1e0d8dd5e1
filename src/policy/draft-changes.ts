// The changes a PATCH of a policy draft may make, within what the engine supports: step params
// (thresholds), SLA business hours, the assignee of a human step, who a step copies (cc), the steps it may return to (returnTo), who decides it together (approvers), the list of steps that approve
// on timeout, the stage grouping, and the description. Steps are addressed by key. The shape is
// checked here (zod); whether the changed draft is a policy the engine can run is
// validatePolicyDraft's question.
import { z } from 'zod';
import type { FieldError } from '../common/app-error';
import type { ApproversSpec } from '../domain/chain/countersign';
import type { ChainPolicy, Role } from '../domain/chain/policy.types';

const paramValue = z.union([z.number(), z.string(), z.array(z.string()), z.boolean(), z.null()]);

const stepChange = z.strictObject({
  /** Merged over the step's params; null removes an (optional) param. */
  params: z.record(z.string(), paramValue).optional(),
  slaBusinessHours: z.number().optional(),
  assignee: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('role'), role: z.string() }), z.strictObject({ kind: z.literal('submitter_manager') })]).optional(),
  /** Who is copied on the step's decision (src/domain/chain/cc.ts); replaces the step's cc, null removes it. */
  cc: z.strictObject({ roles: z.array(z.string()).optional(), users: z.array(z.string()).optional() }).nullable().optional(),
  /** The earlier steps an approver of this step may return the contract to (src/domain/chain/return-to-step.ts); replaces the list, null removes it. */
  returnTo: z.array(z.string()).nullable().optional(),
  /** Several people decide the step together (src/domain/chain/countersign.ts); replaces the step's approvers, null removes them. */
  approvers: z
    .strictObject({
      mode: z.enum(['all', 'any', 'quorum']),
      count: z.number().optional(),
      from: z.union([z.strictObject({ users: z.array(z.string()) }), z.strictObject({ role: z.string() })]),
      when: z.strictObject({ materialDeviationsMoreThan: z.number() }).optional(),
    })
    .nullable()
    .optional(),
});

export const DRAFT_CHANGES = z.strictObject({
  description: z.string().min(1).max(2000).optional(),
  steps: z.record(z.string(), stepChange).optional(),
  /** The complete list of steps whose task is approved by rule timeout_auto_approved when it times out. */
  autoApproveOnTimeout: z.array(z.string()).optional(),
  stages: z.array(z.strictObject({ tracks: z.array(z.array(z.string())) })).optional(),
  /** A contract left with the rep: reminded, then withdrawn, after so many business hours (src/domain/sla/revision-timeout.ts); null: the defaults. */
  revisionTimeout: z.strictObject({ remindAfterBusinessHours: z.number(), withdrawAfterBusinessHours: z.number() }).nullable().optional(),
  /** A person asked again for a later step (src/domain/chain/repeated-approver.ts); null: absent, asked again. Any string: validatePolicyDraft names a bad one. */
  repeatedApprover: z.string().nullable().optional(),
});
export type DraftChanges = z.infer<typeof DRAFT_CHANGES>;

/** The body as DraftChanges, or the field errors of its shape. */
export function parseDraftChanges(body: unknown): { changes: DraftChanges } | { errors: FieldError[] } {
  const parsed = DRAFT_CHANGES.safeParse(body ?? {});
  if (parsed.success) return { changes: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => {
      const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [])];
      return { field: jsonPath(path) || 'body', rule: issue.code, message: issue.message };
    }),
  };
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

/** The draft with the changes applied, or field errors naming steps the draft does not have. */
export function applyDraftChanges(policy: ChainPolicy, changes: DraftChanges): { policy: ChainPolicy } | { errors: FieldError[] } {
  const next = structuredClone(policy);
  const errors: FieldError[] = [];
  const keys = new Set(next.steps.map((s) => s.key));
  for (const [key, change] of Object.entries(changes.steps ?? {})) {
    if (!keys.has(key)) {
      errors.push({ field: `steps.${key}`, rule: 'known_step', message: `The draft has no step '${key}'` });
      continue;
    }
    const step = next.steps.find((s) => s.key === key)!;
    if (change.params) {
      for (const [name, value] of Object.entries(change.params)) {
        if (value === null) delete step.params[name];
        else step.params[name] = value;
      }
    }
    if (change.slaBusinessHours !== undefined) step.slaBusinessHours = change.slaBusinessHours;
    if (change.returnTo === null) delete step.returnTo;
    else if (change.returnTo) step.returnTo = change.returnTo;
    if (change.cc === null) delete step.cc;
    else if (change.cc) step.cc = change.cc;
    if (change.approvers === null) delete step.approvers;
    else if (change.approvers) step.approvers = change.approvers as ApproversSpec;
    if (change.assignee) step.assignee = change.assignee.kind === 'role' ? { kind: 'role', role: change.assignee.role as Role } : { kind: 'submitter_manager' };
  }
  if (changes.autoApproveOnTimeout) {
    const wanted = new Set(changes.autoApproveOnTimeout);
    changes.autoApproveOnTimeout.forEach((key, i) => {
      if (!keys.has(key)) errors.push({ field: `autoApproveOnTimeout[${i}]`, rule: 'known_step', message: `The draft has no step '${key}'` });
    });
    for (const step of next.steps) step.autoApproveOnTimeout = wanted.has(step.key);
  }
  if (changes.stages) next.stages = changes.stages;
  if (changes.revisionTimeout === null) delete next.revisionTimeout;
  else if (changes.revisionTimeout) next.revisionTimeout = changes.revisionTimeout;
  if (changes.repeatedApprover === null) delete next.repeatedApprover;
  else if (changes.repeatedApprover !== undefined) next.repeatedApprover = changes.repeatedApprover as ChainPolicy['repeatedApprover'];
  if (changes.description !== undefined) next.description = changes.description;
  return errors.length ? { errors } : { policy: next };
}
