// One policy version (/policy/version?v=<version>): its status and dates, each step with who
// decides it, its SLA, whether its task is approved on timeout and its thresholds, and the
// stage grouping; policy admins start a draft from it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { type ChainPolicy, loadVersion, versionPath, type VersionView } from './policy-api';
import { RequirePolicyReader, useMayEditPolicy } from './PolicyAccess';
import { assigneeName, formatValue, paramName, stepName } from './PolicyDiff';
import { NewDraftButton } from './PolicyPage';
import '../approver/approver.css';
import './policy.css';

export function PolicyStages({ policy }: { policy: ChainPolicy }) {
  const { t } = useTranslation('policy');
  return (
    <ol className="policy-stages" data-list="policy-stages">
      {policy.stages.map((stage, i) => (
        <li key={i}>
          {stage.tracks.map((track, j) => (
            <span key={j} className="policy-track">
              {j > 0 && <span className="sub"> {t('stages.parallel')} </span>}
              {track.map((k) => stepName(t, k)).join(' → ')}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}

export function PolicySteps({ policy }: { policy: ChainPolicy }) {
  const { t } = useTranslation('policy');
  return (
    <div className="table-wrap">
      <table data-table="policy-steps">
        <caption>{t('steps.caption', { target: policy.contractTargetHours })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('steps.step')}</th>
            <th scope="col">{t('steps.decidedBy')}</th>
            <th scope="col">{t('fields.slaBusinessHours')}</th>
            <th scope="col">{t('fields.autoApproveOnTimeout')}</th>
            <th scope="col">{t('steps.thresholds')}</th>
          </tr>
        </thead>
        <tbody>
          {policy.steps.map((s) => (
            <tr key={s.key} data-step={s.key}>
              <td>
                {s.number}. {stepName(t, s.key)}
              </td>
              <td>
                {s.mode === 'bot_activity' ? t('steps.bot') : t('steps.rule')}
                {s.assignee && <div className="sub">{t('steps.elsePerson', { who: assigneeName(t, s.assignee.kind === 'role' ? s.assignee.role : 'submitter_manager') })}</div>}
              </td>
              <td className="num">{s.assignee ? s.slaBusinessHours : '—'}</td>
              <td>{s.assignee ? (s.autoApproveOnTimeout ? t('yes') : t('no')) : '—'}</td>
              <td>
                {Object.keys(s.params).length === 0 ? (
                  '—'
                ) : (
                  <dl className="policy-params">
                    {Object.entries(s.params).map(([name, value]) => (
                      <div key={name}>
                        <dt>{paramName(t, name)}</dt>
                        <dd data-param={name}>{formatValue(t, `steps.${s.key}.params.${name}`, value)}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Version() {
  const { t } = useTranslation('policy');
  const [params] = useSearchParams();
  const version = params.get('v') ?? '';
  const mayEdit = useMayEditPolicy();
  const [view, setView] = useState<VersionView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setView(null);
    setError(null);
    loadVersion(version)
      .then((v) => live && setView(v))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <div className="policy-page">
      <p>
        <Link to="/policy">{t('back')}</Link>
      </p>
      <h1>{t('version.title', { version })}</h1>
      <ErrorMessage error={error} />
      {!view && !error && <p>{t('common:loading')}</p>}
      {view && (
        <>
          <dl className="facts">
            <dt>{t('versions.status')}</dt>
            <dd>
              <span className={`policy-status policy-status-${view.status}`}>{t(`versions.statuses.${view.status}`)}</span>
            </dd>
            <dt>{t('versions.activeFrom')}</dt>
            <dd>{formatDateTime(view.activeFrom)}</dd>
            <dt>{t('versions.description')}</dt>
            <dd>{view.description}</dd>
            <dt>{t('version.madeFrom')}</dt>
            <dd>{view.fromVersion ? <Link to={versionPath(view.fromVersion)}>{view.fromVersion}</Link> : t(`versions.source.${view.source}`)}</dd>
          </dl>
          {mayEdit && (
            <div className="actions">
              <NewDraftButton fromVersion={view.version} label={t('versions.newDraft')} />
            </div>
          )}
          <h2>{t('steps.title')}</h2>
          <PolicySteps policy={view.policy} />
          <h2>{t('stages.title')}</h2>
          <PolicyStages policy={view.policy} />
        </>
      )}
    </div>
  );
}

export default function VersionPage() {
  return (
    <RequirePolicyReader>
      <Version />
    </RequirePolicyReader>
  );
}
