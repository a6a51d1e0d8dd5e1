// The order bot's runs that stopped (GET /api/ops/bot-runs?status=failed), on the ops dashboard:
// when, which contract, the adapter, the step it stopped at and the error, and the screenshot of
// the page where it stopped (a browser run). Temporal retries the run; this is for ops to see why.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format';
import { refusalSentence } from '../approver/refusal';

type BotRun = components['schemas']['BotRunView'];

export function BotRunsSection() {
  const { t, i18n } = useTranslation('ops');
  const [runs, setRuns] = useState<BotRun[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    unwrap<BotRun[]>(client.GET('/api/ops/bot-runs', { params: { query: { status: 'failed', limit: 20 } } }))
      .then((r) => {
        setRuns(r);
        setError(null);
      })
      .catch((err: unknown) => setError(refusalSentence(t, err, { names: new Map(), locale: i18n.language })));
  }, [t, i18n.language]);

  return (
    <section aria-labelledby="bot-runs-heading">
      <h2 id="bot-runs-heading">{t('botRuns.title')}</h2>
      <p>{t('botRuns.summary')}</p>
      {error && <p role="alert">{error}</p>}
      {runs === null && !error && <p>{t('loading')}</p>}
      {runs?.length === 0 && <p>{t('botRuns.none')}</p>}
      {runs && runs.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="bot-runs-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('botRuns.when')}</th>
                <th scope="col">{t('botRuns.contract')}</th>
                <th scope="col">{t('botRuns.adapter')}</th>
                <th scope="col">{t('botRuns.step')}</th>
                <th scope="col">{t('botRuns.error')}</th>
                <th scope="col">{t('botRuns.screenshot')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-bot-run-id={r.id}>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>{r.contractId ? <Link to={`/contracts/${r.contractId}`}>{r.contractId.slice(0, 8)}</Link> : '—'}</td>
                  <td>{t(`botRuns.adapters.${r.adapter}`)}</td>
                  <td>{r.step ?? '—'}</td>
                  <td>{r.error ?? '—'}</td>
                  <td>
                    {r.screenshotUrl ? (
                      <a href={r.screenshotUrl} target="_blank" rel="noreferrer">
                        {t('botRuns.open')}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
