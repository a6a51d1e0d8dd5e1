// What-if on history for a draft (POST /api/policy/what-if): the contracts submitted in a window
// (calendar days in the organisation's zone, both ends included) replayed through the draft's
// rules. Per step, the automatic share before (what the workflow decided) and after (the
// draft), and how many decisions move between automatic and human; the contracts that change,
// linked to their pages for ops (who may open any contract); the human tasks per approver role.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { hasRole, useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { addDays, orgToday } from '../../format';
import { orgLocalToIso } from '../approver/format';
import { formatShare } from '../approver/format';
import { problemText } from './problem-text';
import { runWhatIf, type WhatIfVerdict, type WhatIfView } from './policy-api';
import { assigneeName, stepName } from './PolicyDiff';

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function WhatIfPanel({ draftId }: { draftId: string }) {
  const { t, i18n } = useTranslation('policy');
  const locale = i18n.language;
  const [window, setWindow] = useState(() => {
    const to = orgToday();
    return { from: addDays(to, -30), to };
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<WhatIfView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Contracts are visible to ops (and to the people on them); a policy admin alone cannot open one.
  const opensContracts = hasRole(useAuth().user, 'ops');

  const pct = (v: number | null) => formatShare(v, locale);
  const verdict = (v: WhatIfVerdict) => {
    const what =
      v.kind === 'human'
        ? t('whatIf.verdict.human', { role: assigneeName(t, v.role ?? '') })
        : v.kind === 'automatic' && v.outcome === 'return_to_rep'
          ? t('whatIf.verdict.returned')
          : t(`whatIf.verdict.${v.kind}`, { defaultValue: v.kind });
    // A running contract's step its workflow has not reached: what its own policy will decide.
    return v.expected ? t('whatIf.verdict.expected', { what }) : what;
  };

  function run(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!window.from) found.from = t('whatIf.dateRequired');
    if (!window.to) found.to = t('whatIf.dateRequired');
    if (window.from && window.to && window.to < window.from) found.to = t('whatIf.toBeforeFrom');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    runWhatIf({ draftId, from: orgLocalToIso(`${window.from}T00:00`), to: orgLocalToIso(`${addDays(window.to, 1)}T00:00`) })
      .then(setResult)
      .catch((err: unknown) => {
        setResult(null);
        if (err instanceof ApiError) setErrors(Object.fromEntries((err.body.errors ?? []).map((e) => [e.field, problemText(t, locale, e)])));
        setError(err);
      })
      .finally(() => setBusy(false));
  }

  return (
    <section aria-labelledby="whatif-heading" className="card">
      <h2 id="whatif-heading">{t('whatIf.title')}</h2>
      <p className="hint">{t('whatIf.intro')}</p>
      <form className="period" onSubmit={run} noValidate>
        <Field label={t('whatIf.from')} error={errors.from}>
          {(props) => <input {...props} type="date" value={window.from} onChange={(e) => setWindow({ ...window, from: e.target.value })} />}
        </Field>
        <Field label={t('whatIf.to')} error={errors.to}>
          {(props) => <input {...props} type="date" value={window.to} onChange={(e) => setWindow({ ...window, to: e.target.value })} />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('whatIf.run')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {result && (
        <div data-testid="whatif-result">
          <p role="status">
            {t('whatIf.summary', { count: result.contracts, changed: result.contractsChanged, before: pct(result.automaticShare.before), after: pct(result.automaticShare.after) })}
          </p>
          {result.expectedDecisions > 0 && <p className="hint">{t('whatIf.expectedNote', { count: result.expectedDecisions })}</p>}
          <div className="table-wrap">
            <table data-table="whatif-steps">
              <caption>{t('whatIf.stepsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('steps.step')}</th>
                  <th scope="col" className="num">{t('whatIf.automaticBefore')}</th>
                  <th scope="col" className="num">{t('whatIf.automaticAfter')}</th>
                  <th scope="col" className="num">{t('whatIf.toHuman')}</th>
                  <th scope="col" className="num">{t('whatIf.toAutomatic')}</th>
                </tr>
              </thead>
              <tbody>
                {result.steps.map((s) => (
                  <tr key={s.stepKey} data-step={s.stepKey}>
                    <td>
                      {s.number}. {stepName(t, s.stepKey)}
                    </td>
                    <td className="num" data-col="before">{pct(share(s.automaticBefore, s.decisions))}</td>
                    <td className="num" data-col="after">{pct(share(s.automaticAfter, s.decisions))}</td>
                    <td className="num">{s.automaticToHuman}</td>
                    <td className="num">{s.humanToAutomatic}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="table-wrap">
            <table data-table="whatif-roles">
              <caption>{t('whatIf.rolesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('whatIf.role')}</th>
                  <th scope="col" className="num">{t('whatIf.tasksBefore')}</th>
                  <th scope="col" className="num">{t('whatIf.tasksAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {result.humanTasksByRole.map((r) => (
                  <tr key={r.role} data-role={r.role}>
                    <td>{assigneeName(t, r.role)}</td>
                    <td className="num">{r.before}</td>
                    <td className="num">{r.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {result.changes.length === 0 ? (
            <p>{t('whatIf.noChanges')}</p>
          ) : (
            <div className="table-wrap">
              <table data-table="whatif-changes">
                <caption>{result.changesTruncated ? t('whatIf.changesCaptionTruncated', { count: result.changes.length }) : t('whatIf.changesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('whatIf.contract')}</th>
                    <th scope="col">{t('steps.step')}</th>
                    <th scope="col">{t('diff.before')}</th>
                    <th scope="col">{t('diff.after')}</th>
                    <th scope="col">{t('whatIf.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changes.map((c) => (
                    <tr key={`${c.contractId}:${c.stepKey}`} data-contract-id={c.contractId}>
                      <td>
                        {opensContracts ? <Link to={`/contracts/${c.contractId}`}>{c.title}</Link> : c.title}
                      </td>
                      <td>{stepName(t, c.stepKey)}</td>
                      <td>{verdict(c.before)}</td>
                      <td>{verdict(c.after)}</td>
                      <td>{c.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
