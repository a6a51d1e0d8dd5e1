// What the Policy pages read and send (/api/policy, src/policy): versions, drafts, the diff, and
// the editor's plumbing: the draft's editable values as a form, the PATCH body of what changed,
// and the API's field errors (a JSON path such as steps[5].params.maxDiscountPercent) mapped to
// the input that shows them. The diff of a draft against its source version uses the API's own
// diffPolicies (a pure module), so the activation confirmation shows what the audit records.
import { client, typed } from '../../api/client';
import type { components } from '../../api/schema';
import { diffPolicies, type PolicyChange } from '../../../../src/policy/policy-diff';
import type { ChainPolicy, StepDefinition } from '../../../../src/domain/chain/policy.types';

export type { ChainPolicy, PolicyChange, StepDefinition };

/**
 * A version's page. The version is a query parameter, not a path segment: version names hold
 * dots (slim-2026.12.1), and the API serves the app only on paths without a file extension
 * (src/web-app/serve-web-app.ts), so /policy/versions/slim-2026.12.1 would not open on reload.
 */
export const versionPath = (version: string) => `/policy/version?v=${encodeURIComponent(version)}`;
export type VersionSummary = components['schemas']['PolicyVersionSummary'];
export type VersionView = Omit<components['schemas']['PolicyVersionView'], 'policy'> & { policy: ChainPolicy };
export type DraftView = Omit<components['schemas']['PolicyDraftView'], 'policy'> & { policy: ChainPolicy };
export type DiffView = components['schemas']['PolicyDiffView'];

/** Roles a human step may go to (src/domain/chain/policy-validation.ts ASSIGNABLE_ROLES). */
export const ASSIGNABLE_ROLES = [
  'sales_manager',
  'deal_desk',
  'legal_counsel',
  'finance_controller',
  'tax_specialist',
  'operations_planner',
  'credit_controller',
  'compliance_officer',
  'regional_director',
  'executive',
  'ops',
] as const;

export const loadVersions = () => typed(client.GET('/api/policy/versions'));
export const loadVersion = async (version: string) =>
  (await typed(client.GET('/api/policy/versions/{version}', { params: { path: { version } } }))) as unknown as VersionView;
export const loadDraft = async (id: string) => (await typed(client.GET('/api/policy/drafts/{id}', { params: { path: { id } } }))) as unknown as DraftView;
export const loadDiff = (from: string, to: string) => typed(client.GET('/api/policy/diff', { params: { query: { from, to } } }));
export const createDraft = async (fromVersion: string) => (await typed(client.POST('/api/policy/drafts', { body: { fromVersion } }))) as unknown as DraftView;
export const patchDraft = async (id: string, body: DraftChanges) =>
  (await typed(client.PATCH('/api/policy/drafts/{id}', { params: { path: { id } }, body: body as never }))) as unknown as DraftView;
export const activateDraft = async (id: string, activeFrom?: string) =>
  (await typed(client.POST('/api/policy/drafts/{id}/activate', { params: { path: { id } }, body: activeFrom ? { activeFrom } : {} }))) as unknown as VersionView;

// What-if on history (POST /api/policy/what-if, src/policy/what-if*).
export type WhatIfView = components['schemas']['WhatIfView'];
export type WhatIfVerdict = components['schemas']['WhatIfVerdictView'];
// Without `simulate` the answer is always the table (200); simulate: true answers 202 { jobId }.
export const runWhatIf = async (body: { draftId: string; from: string; to: string }) => (await typed(client.POST('/api/policy/what-if', { body }))) as WhatIfView;

/** The draft against the version it was made from, as the API's diff would read it once activated. */
export function draftDiff(from: ChainPolicy, draft: ChainPolicy): PolicyChange[] {
  return diffPolicies(from, { ...draft, version: from.version }).filter((c) => c.path !== 'version');
}

// ---- The editor's form --------------------------------------------------------------------

export type ParamValue = number | string | string[] | boolean;

export interface StepForm {
  key: string;
  /** Text of each param as typed (lists: comma-separated). */
  params: Record<string, string>;
  paramKinds: Record<string, 'number' | 'string' | 'list' | 'boolean'>;
  sla: string;
  /** 'submitter_manager' or a role; '' for a step without a person. */
  assignee: string;
  autoApproveOnTimeout: boolean;
}

export interface DraftForm {
  description: string;
  steps: StepForm[];
  /** One line per stage; tracks separated by "|", steps of a track by ",". */
  stages: string;
}

function kindOf(v: ParamValue): StepForm['paramKinds'][string] {
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : Array.isArray(v) ? 'list' : 'string';
}

export function stagesToText(stages: ChainPolicy['stages']): string {
  return stages.map((s) => s.tracks.map((t) => t.join(', ')).join(' | ')).join('\n');
}

export function textToStages(text: string): ChainPolicy['stages'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ tracks: line.split('|').map((track) => track.split(',').map((k) => k.trim()).filter(Boolean)) }));
}

export function formOf(policy: ChainPolicy): DraftForm {
  return {
    description: policy.description,
    stages: stagesToText(policy.stages),
    steps: policy.steps.map((s) => ({
      key: s.key,
      params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
      paramKinds: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, kindOf(v)])),
      sla: String(s.slaBusinessHours),
      assignee: s.assignee ? (s.assignee.kind === 'role' ? s.assignee.role : 'submitter_manager') : '',
      autoApproveOnTimeout: s.autoApproveOnTimeout,
    })),
  };
}

/** The PATCH body (src/policy/draft-changes.ts). */
export interface DraftChanges {
  description?: string;
  steps?: Record<string, { params?: Record<string, ParamValue | null>; slaBusinessHours?: number; assignee?: { kind: 'role'; role: string } | { kind: 'submitter_manager' } }>;
  autoApproveOnTimeout?: string[];
  stages?: ChainPolicy['stages'];
}

/** A field path of the editor: description, stages, steps.<key>.params.<name>, steps.<key>.slaBusinessHours, .assignee, .autoApproveOnTimeout. */
export type FieldErrors = Record<string, string>;

/**
 * What the form changes against the stored draft, or the client-side problems that need no
 * round trip (a number that is not one, an SLA below zero, a blank description). Ranges, roles
 * and stage order are the API's to judge: one rule, one place.
 */
export function changesOf(policy: ChainPolicy, form: DraftForm, messages: { number: string; required: string; slaRange: string }): { changes: DraftChanges } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const changes: DraftChanges = {};
  if (!form.description.trim()) errors.description = messages.required;
  else if (form.description.trim() !== policy.description) changes.description = form.description.trim();
  const steps: NonNullable<DraftChanges['steps']> = {};
  for (const step of form.steps) {
    const stored = policy.steps.find((s) => s.key === step.key)!;
    const change: NonNullable<DraftChanges['steps']>[string] = {};
    for (const [name, text] of Object.entries(step.params)) {
      const kind = step.paramKinds[name];
      const before = stored.params[name];
      let value: ParamValue | null;
      if (kind === 'number') {
        const n = Number(text.trim());
        if (text.trim() === '') value = null;
        else if (!Number.isFinite(n)) {
          errors[`steps.${step.key}.params.${name}`] = messages.number;
          continue;
        } else value = n;
      } else if (kind === 'list') value = text.split(',').map((x) => x.trim()).filter(Boolean);
      else if (kind === 'boolean') value = text === 'true';
      else value = text.trim() === '' ? null : text;
      if (JSON.stringify(value) !== JSON.stringify(before ?? null)) (change.params ??= {})[name] = value;
    }
    if (step.assignee) {
      const sla = Number(step.sla.trim());
      if (step.sla.trim() === '' || !Number.isFinite(sla)) errors[`steps.${step.key}.slaBusinessHours`] = messages.number;
      else if (sla <= 0) errors[`steps.${step.key}.slaBusinessHours`] = messages.slaRange;
      else if (sla !== stored.slaBusinessHours) change.slaBusinessHours = sla;
      const before = stored.assignee ? (stored.assignee.kind === 'role' ? stored.assignee.role : 'submitter_manager') : '';
      if (step.assignee !== before) change.assignee = step.assignee === 'submitter_manager' ? { kind: 'submitter_manager' } : { kind: 'role', role: step.assignee };
    }
    if (Object.keys(change).length) steps[step.key] = change;
  }
  if (Object.keys(steps).length) changes.steps = steps;
  const timeout = form.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key);
  const storedTimeout = policy.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key);
  if (timeout.join() !== storedTimeout.join()) changes.autoApproveOnTimeout = timeout;
  const stages = textToStages(form.stages);
  if (!stages.length) errors.stages = messages.required;
  else if (JSON.stringify(stages) !== JSON.stringify(policy.stages)) changes.stages = stages;
  return Object.keys(errors).length ? { errors } : { changes };
}

/**
 * The editor's field for an API error path. The draft validation names steps by position
 * (steps[5].params.x) and the PATCH shape by key (steps.pricing_review.params.x); both become
 * steps.<key>.…; a timeout-list entry becomes its step's checkbox; anything in stages the stage
 * box. A path the editor has no input for is returned as is (shown above the form).
 */
export function editorField(path: string, policy: ChainPolicy, timeoutList?: readonly string[]): string {
  let p = path.replace(/^steps\[(\d+)\]/, (whole, i: string) => {
    const key = policy.steps[Number(i)]?.key;
    return key ? `steps.${key}` : whole;
  });
  const timeout = /^autoApproveOnTimeout\[(\d+)\]$/.exec(p);
  if (timeout) {
    const key = timeoutList?.[Number(timeout[1])];
    if (key) return `steps.${key}.autoApproveOnTimeout`;
  }
  if (p.startsWith('stages')) return 'stages';
  p = p.replace(/\.assignee\.(role|kind)$/, '.assignee');
  return p;
}

export function mapFieldErrors(errors: readonly { field: string; message: string }[], policy: ChainPolicy, timeoutList?: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const field = editorField(e.field, policy, timeoutList);
    out[field] = out[field] ? `${out[field]} ${e.message}` : e.message;
  }
  return out;
}

/** Fields the editor has an input for. */
export function editorHasField(field: string, form: DraftForm): boolean {
  if (field === 'description' || field === 'stages') return true;
  const m = /^steps\.([^.]+)\.(.+)$/.exec(field);
  if (!m) return false;
  const step = form.steps.find((s) => s.key === m[1]);
  if (!step) return false;
  const rest = m[2];
  if (rest.startsWith('params.')) return rest.slice('params.'.length) in step.params;
  return !!step.assignee && ['slaBusinessHours', 'assignee', 'autoApproveOnTimeout'].includes(rest);
}

// ---- Open drafts -------------------------------------------------------------------------

export const loadDrafts = () => typed(client.GET('/api/policy/drafts'));
export type DraftSummary = Awaited<ReturnType<typeof loadDrafts>>[number];
