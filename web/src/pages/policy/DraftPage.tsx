// A policy draft (/policy/drafts/:id): the editor (thresholds, SLA business hours and assignee
// of each step a person may decide, the timeout-approval list, the stage grouping, the
// description), saved with PATCH /api/policy/drafts/:id. The API validates the whole draft and
// answers 400 naming each bad field as a JSON path and rule; each error is shown next to its
// input. Below: what the draft changes against its source version, and activation now or from
// a moment in the organisation's zone, confirmed with that diff.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { formatDateTime, getOrgTimeZone } from '../../format';
import { orgLocalToIso } from '../approver/format';
import {
  activateDraft,
  ASSIGNABLE_ROLES,
  changesOf,
  type DraftForm,
  type DraftView,
  draftDiff,
  editorHasField,
  type FieldErrors,
  formOf,
  loadDraft,
  loadVersion,
  mapFieldErrors,
  patchDraft,
  type StepForm,
  versionPath,
  type VersionView,
} from './policy-api';
import { RequirePolicyReader, useMayEditPolicy } from './PolicyAccess';
import { assigneeName, paramName, PolicyDiff, stepName } from './PolicyDiff';
import { WhatIfPanel } from './WhatIfPanel';
import { problemText } from './problem-text';
import '../approver/approver.css';
import './policy.css';

function StepFields({
  step,
  errors,
  disabled,
  onChange,
}: {
  step: StepForm;
  errors: FieldErrors;
  disabled: boolean;
  onChange: (next: StepForm) => void;
}) {
  const { t } = useTranslation('policy');
  const at = (rest: string) => errors[`steps.${step.key}.${rest}`];
  return (
    <fieldset data-step={step.key} className="policy-step">
      <legend>{stepName(t, step.key)}</legend>
      {Object.entries(step.params).map(([name, text]) => {
        const kind = step.paramKinds[name];
        if (kind === 'boolean') {
          return (
            <div key={name} className="field checkbox">
              <input
                id={`param-${step.key}-${name}`}
                type="checkbox"
                checked={text === 'true'}
                disabled={disabled}
                onChange={(e) => onChange({ ...step, params: { ...step.params, [name]: String(e.target.checked) } })}
              />
              <label htmlFor={`param-${step.key}-${name}`}>{paramName(t, name)}</label>
              {at(`params.${name}`) && <small className="field-error">{at(`params.${name}`)}</small>}
            </div>
          );
        }
        return (
          <Field key={name} label={paramName(t, name)} error={at(`params.${name}`)} hint={kind === 'list' ? t('editor.listHint') : undefined}>
            {(props) => (
              <input
                {...props}
                data-param={name}
                inputMode={kind === 'number' ? 'decimal' : undefined}
                value={text}
                disabled={disabled}
                onChange={(e) => onChange({ ...step, params: { ...step.params, [name]: e.target.value } })}
              />
            )}
          </Field>
        );
      })}
      {step.assignee && (
        <>
          <Field label={t('fields.assignee')} error={at('assignee')}>
            {(props) => (
              <select {...props} value={step.assignee} disabled={disabled} onChange={(e) => onChange({ ...step, assignee: e.target.value })}>
                <option value="submitter_manager">{assigneeName(t, 'submitter_manager')}</option>
                {ASSIGNABLE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {assigneeName(t, r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('fields.slaBusinessHours')} error={at('slaBusinessHours')}>
            {(props) => <input {...props} inputMode="decimal" value={step.sla} disabled={disabled} onChange={(e) => onChange({ ...step, sla: e.target.value })} />}
          </Field>
          <div className={`field checkbox${at('autoApproveOnTimeout') ? ' has-error' : ''}`}>
            <input
              id={`timeout-${step.key}`}
              type="checkbox"
              checked={step.autoApproveOnTimeout}
              disabled={disabled}
              aria-describedby={at('autoApproveOnTimeout') ? `timeout-${step.key}-error` : undefined}
              onChange={(e) => onChange({ ...step, autoApproveOnTimeout: e.target.checked })}
            />
            <label htmlFor={`timeout-${step.key}`}>{t('fields.autoApproveOnTimeout')}</label>
            {at('autoApproveOnTimeout') && (
              <small id={`timeout-${step.key}-error`} className="field-error">
                {at('autoApproveOnTimeout')}
              </small>
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}

function Activation({ draft, source, onActivated }: { draft: DraftView; source: VersionView | null; onActivated: (v: VersionView) => void }) {
  const { t } = useTranslation('policy');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [from, setFrom] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const changes = useMemo(() => (source ? draftDiff(source.policy, draft.policy) : []), [source, draft]);

  function ask(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (when === 'later') {
      if (!from) return setFieldError(t('activate.dateRequired'));
      if (new Date(orgLocalToIso(from)).getTime() <= Date.now()) return setFieldError(t('activate.datePast'));
    }
    setFieldError(undefined);
    setConfirming(true);
  }

  function confirm() {
    setBusy(true);
    setError(null);
    activateDraft(draft.id, when === 'later' ? orgLocalToIso(from) : undefined)
      .then(onActivated)
      .catch((err: unknown) => {
        if (err instanceof ApiError) {
          const fe = err.fieldErrors();
          if (fe.activeFrom) setFieldError(fe.activeFrom);
        }
        setError(err);
        setConfirming(false);
      })
      .finally(() => setBusy(false));
  }

  return (
    <section aria-labelledby="activate-heading" className="card">
      <h2 id="activate-heading">{t('activate.title')}</h2>
      <form onSubmit={ask}>
        <fieldset>
          <legend>{t('activate.when')}</legend>
          <div className="field checkbox">
            <input id="activate-now" type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} />
            <label htmlFor="activate-now">{t('activate.now')}</label>
          </div>
          <div className="field checkbox">
            <input id="activate-later" type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} />
            <label htmlFor="activate-later">{t('activate.later')}</label>
          </div>
          {when === 'later' && (
            <Field label={t('activate.from', { zone: getOrgTimeZone() })} error={fieldError}>
              {(props) => <input {...props} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
          )}
        </fieldset>
        {!confirming && <button type="submit">{t('activate.review')}</button>}
      </form>
      {confirming && (
        <div role="region" aria-labelledby="confirm-heading" className="policy-confirm" data-testid="activate-confirm">
          <h3 id="confirm-heading">
            {when === 'now' ? t('activate.confirmNow') : t('activate.confirmLater', { at: formatDateTime(orgLocalToIso(from)) })}
          </h3>
          <PolicyDiff changes={changes} caption={t('draft.changesCaption', { version: draft.fromVersion ?? '—' })} />
          <div className="button-row">
            <button type="button" disabled={busy} onClick={confirm}>
              {t('activate.confirm')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t('activate.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function Draft() {
  const { t, i18n } = useTranslation('policy');
  const { id = '' } = useParams();
  const mayEdit = useMayEditPolicy();
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [source, setSource] = useState<VersionView | null>(null);
  const [form, setForm] = useState<DraftForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [activated, setActivated] = useState<VersionView | null>(null);

  const accept = useCallback((d: DraftView) => {
    setDraft(d);
    setForm(formOf(d.policy));
  }, []);

  useEffect(() => {
    let live = true;
    loadDraft(id)
      .then(async (d) => {
        if (!live) return;
        accept(d);
        if (d.fromVersion) {
          const v = await loadVersion(d.fromVersion);
          if (live) setSource(v);
        }
      })
      .catch((err: unknown) => {
        if (!live) return;
        setLoadError(err);
      });
    return () => {
      live = false;
    };
  }, [id, accept]);

  const changes = useMemo(() => (draft && source ? draftDiff(source.policy, draft.policy) : []), [draft, source]);
  const unplaced = form ? Object.entries(errors).filter(([field]) => !editorHasField(field, form)) : [];

  function save(event: FormEvent) {
    event.preventDefault();
    if (!draft || !form) return;
    setSaved(false);
    setSaveError(null);
    const result = changesOf(draft.policy, form, { number: t('editor.number'), required: t('editor.required'), slaRange: t('editor.slaRange') });
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    patchDraft(draft.id, result.changes)
      .then((d) => {
        accept(d);
        setSaved(true);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.body.errors?.length) {
          const problems = err.body.errors.map((e) => ({ ...e, message: problemText(t, i18n.language, e) }));
          setErrors(mapFieldErrors(problems, draft.policy, result.changes.autoApproveOnTimeout));
        }
        setSaveError(err);
      })
      .finally(() => setBusy(false));
  }

  if (activated) {
    return (
      <div className="policy-page">
        <h1>{t('draft.title')}</h1>
        <p role="status" className="ok" data-testid="activated">
          {activated.status === 'in_force'
            ? t('activate.doneNow', { version: activated.version })
            : t('activate.doneLater', { version: activated.version, at: formatDateTime(activated.activeFrom) })}
        </p>
        <Link to={versionPath(activated.version)}>{t('activate.open', { version: activated.version })}</Link>
      </div>
    );
  }

  return (
    <div className="policy-page">
      <p>
        <Link to="/policy">{t('back')}</Link>
      </p>
      <h1>{t('draft.title')}</h1>
      <ErrorMessage error={loadError} />
      {!draft && !loadError && <p>{t('common:loading')}</p>}
      {draft && form && (
        <>
          <p className="hint">{t('draft.from', { version: draft.fromVersion ?? '—', at: formatDateTime(draft.updatedAt) })}</p>
          <form onSubmit={save} noValidate aria-labelledby="editor-heading">
            <h2 id="editor-heading">{t('editor.title')}</h2>
            {saveError !== null && (
              <div role="alert" className="error" data-testid="save-error">
                <p>{t('editor.notSaved')}</p>
                {unplaced.length > 0 && (
                  <ul>
                    {unplaced.map(([field, message]) => (
                      <li key={field}>{t('editor.fieldError', { field, message })}</li>
                    ))}
                  </ul>
                )}
                {!(saveError instanceof ApiError && saveError.body.errors?.length) && <ErrorMessage error={saveError} />}
              </div>
            )}
            <Field label={t('fields.description')} error={errors.description}>
              {(props) => <input {...props} value={form.description} disabled={!mayEdit} onChange={(e) => setForm({ ...form, description: e.target.value })} />}
            </Field>
            <div className="policy-step-grid">
              {form.steps
                .filter((s) => s.assignee || Object.keys(s.params).length > 0)
                .map((s) => (
                  <StepFields
                    key={s.key}
                    step={s}
                    errors={errors}
                    disabled={!mayEdit}
                    onChange={(next) => setForm({ ...form, steps: form.steps.map((x) => (x.key === next.key ? next : x)) })}
                  />
                ))}
            </div>
            <Field label={t('fields.stages')} error={errors.stages} hint={t('editor.stagesHint')}>
              {(props) => (
                <textarea {...props} rows={Math.max(4, form.stages.split('\n').length + 1)} value={form.stages} disabled={!mayEdit} onChange={(e) => setForm({ ...form, stages: e.target.value })} />
              )}
            </Field>
            {mayEdit && (
              <div className="button-row">
                <button type="submit" disabled={busy}>
                  {t('editor.save')}
                </button>
                {saved && (
                  <span role="status" className="ok">
                    {t('editor.saved')}
                  </span>
                )}
              </div>
            )}
          </form>

          <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{t('draft.changesTitle')}</h2>
            {source ? <PolicyDiff changes={changes} caption={t('draft.changesCaption', { version: source.version })} /> : <p>{t('common:loading')}</p>}
          </section>

          <WhatIfPanel draftId={draft.id} />

          {mayEdit && (
            <Activation
              draft={draft}
              source={source}
              onActivated={(v) => setActivated(v)}
            />
          )}
        </>
      )}
    </div>
  );
}

export default function DraftPage() {
  return (
    <RequirePolicyReader>
      <Draft />
    </RequirePolicyReader>
  );
}
