// The Policy page (/policy): every version with its status (in force, scheduled from a date,
// superseded; versions are immutable once activated), the open drafts (GET /api/policy/drafts), a
// new draft from any version (policy admins), and the API's diff between two versions.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { createDraft, type DiffView, type DraftSummary, loadDiff, loadDrafts, loadVersions, versionPath, type VersionSummary } from './policy-api';
import { RequirePolicyReader, useMayEditPolicy } from './PolicyAccess';
import { PolicyDiff } from './PolicyDiff';
import '../approver/approver.css';
import './policy.css';

export function NewDraftButton({ fromVersion, label }: { fromVersion: string; label: string }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          createDraft(fromVersion)
            .then((d) => void navigate(`/policy/drafts/${d.id}`))
            .catch((err: unknown) => {
              setError(err);
              setBusy(false);
            });
        }}
      >
        {label}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}

function Versions() {
  const { t } = useTranslation('policy');
  const mayEdit = useMayEditPolicy();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pair, setPair] = useState({ from: '', to: '' });
  const [diff, setDiff] = useState<DiffView | null>(null);
  const [diffError, setDiffError] = useState<unknown>(null);
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);

  useEffect(() => {
    let live = true;
    loadVersions()
      .then((v) => {
        if (!live) return;
        setVersions(v);
        const inForce = v.find((x) => x.status === 'in_force');
        const latest = v[v.length - 1];
        setPair({ from: inForce?.version ?? v[0]?.version ?? '', to: latest?.version ?? '' });
      })
      .catch((err: unknown) => live && setError(err));
    loadDrafts()
      .then((d) => live && setDrafts(d))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);

  function compare(event: FormEvent) {
    event.preventDefault();
    setDiffError(null);
    loadDiff(pair.from, pair.to)
      .then(setDiff)
      .catch((err: unknown) => {
        setDiff(null);
        setDiffError(err);
      });
  }

  return (
    <div className="policy-page">
      <h1>{t('title')}</h1>
      <p className="hint">{t('intro')}</p>
      <ErrorMessage error={error} />
      {!versions && !error && <p>{t('common:loading')}</p>}
      {versions && (
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t('versions.title')}</h2>
          <div className="table-wrap">
            <table data-table="policy-versions">
              <thead>
                <tr>
                  <th scope="col">{t('versions.version')}</th>
                  <th scope="col">{t('versions.status')}</th>
                  <th scope="col">{t('versions.activeFrom')}</th>
                  <th scope="col">{t('versions.description')}</th>
                  {mayEdit && <th scope="col">{t('versions.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version} data-version={v.version} data-status={v.status}>
                    <td>
                      <Link to={versionPath(v.version)}>{v.version}</Link>
                      <div className="sub">{t(`versions.source.${v.source}`)}</div>
                    </td>
                    <td>
                      <span className={`policy-status policy-status-${v.status}`}>{t(`versions.statuses.${v.status}`)}</span>
                    </td>
                    <td>{formatDateTime(v.activeFrom)}</td>
                    <td>
                      {v.description}
                      {v.fromVersion && <div className="sub">{t('versions.madeFrom', { version: v.fromVersion })}</div>}
                    </td>
                    {mayEdit && (
                      <td>
                        <NewDraftButton fromVersion={v.version} label={t('versions.newDraft')} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {drafts.length > 0 && (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t('drafts.title')}</h2>
          <p className="hint">{t('drafts.hint')}</p>
          <ul data-list="policy-drafts">
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/policy/drafts/${d.id}`}>{t('drafts.item', { version: d.fromVersion ?? '—', at: formatDateTime(d.updatedAt) })}</Link>
                {d.description && <span className="hint"> — {d.description}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {versions && versions.length > 1 && (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">{t('compare.title')}</h2>
          <form className="period" onSubmit={compare}>
            <div className="field">
              <label htmlFor="diff-from">{t('compare.from')}</label>
              <select id="diff-from" value={pair.from} onChange={(e) => setPair({ ...pair, from: e.target.value })}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="diff-to">{t('compare.to')}</label>
              <select id="diff-to" value={pair.to} onChange={(e) => setPair({ ...pair, to: e.target.value })}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('compare.show')}</button>
          </form>
          <ErrorMessage error={diffError} />
          {diff && <PolicyDiff changes={diff.changes} caption={t('compare.caption', { from: diff.from, to: diff.to })} />}
        </section>
      )}
    </div>
  );
}

export default function PolicyPage() {
  return (
    <RequirePolicyReader>
      <Versions />
    </RequirePolicyReader>
  );
}
