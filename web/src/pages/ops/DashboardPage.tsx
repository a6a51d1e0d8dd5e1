// The ops dashboard (/ops): for a chosen period (default the last 30 days, organisation time
// zone) how long contracts take against the 72-hour target, how much the rules decide alone,
// where contracts wait, who is behind, SLA breaches and escalations, and which contracts are
// amber or red now, linked to their pages. Every chart has its figures in a table beside it; the
// CSV link downloads the API's CSV of the same period.
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../approver/approver.css';
import { RagBadge } from '../../components/RagBadge';
import { Link } from 'react-router';
import { addDays, formatHours, orgToday } from '../../format';
import { ChartFigure, type ChartOption } from '../../components/charts/EChart';
import { formatShare } from '../approver/format';
import { refusalSentence } from '../approver/refusal';
import { csvUrl, type DashboardReport, loadDashboard, type Period } from './dashboard-data';
import { BotRunsSection } from './BotRunsSection';

export function defaultPeriod(now = new Date()): Period {
  const to = orgToday(now);
  return { from: addDays(to, -30), to };
}

export function DashboardPage() {
  const { t, i18n } = useTranslation('ops');
  const locale = i18n.language;
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const [draft, setDraft] = useState<Period>(period);
  const [data, setData] = useState<DashboardReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [periodError, setPeriodError] = useState<string | null>(null);

  const load = useCallback(async (p: Period) => {
    try {
      setData(await loadDashboard(p));
      setError(null);
    } catch (err) {
      setError(refusalSentence(t, err, { names: new Map(), locale }));
    }
  }, [t, locale]);

  useEffect(() => {
    void load(period);
  }, [load, period]);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (!draft.from || !draft.to || draft.to < draft.from) {
      setPeriodError(t('dashboard.period.invalid'));
      return;
    }
    setPeriodError(null);
    setPeriod({ ...draft });
  }

  const stepName = useCallback((key: string) => t(`approver:steps.${key}`, { defaultValue: key }), [t]);
  const hours = (h: number | null | undefined) => (h === null || h === undefined ? '—' : t('dashboard.hours', { value: formatHours(h) }));

  const charts = useMemo(() => {
    if (!data) return null;
    const target = data.summary.targetHours;
    const bucketLabel = (b: { fromHours: number; toHours: number | null }) =>
      b.toHours === null ? t('dashboard.histogram.open', { from: b.fromHours }) : t('dashboard.histogram.range', { from: b.fromHours, to: b.toHours });
    const histogramOption: ChartOption = {
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.cycleTimeHistogram.map(bucketLabel), name: t('dashboard.hoursAxis'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', minInterval: 1, name: t('dashboard.histogram.contracts') },
      series: [
        {
          type: 'bar',
          name: t('dashboard.histogram.contracts'),
          data: data.cycleTimeHistogram.map((b) => ({ value: b.contracts, itemStyle: { color: b.withinTarget ? '#1e6b34' : '#b3261e' } })),
        },
      ],
    };
    const weeks = data.weeklyTrend.map((w) => w.weekStart);
    const trendOption: ChartOption = {
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      series: [
        {
          type: 'line',
          name: t('dashboard.trend.p50'),
          data: data.weeklyTrend.map((w) => w.p50Hours),
          connectNulls: true,
          markLine: { symbol: 'none', data: [{ yAxis: target }], label: { formatter: t('dashboard.target', { hours: target }) }, lineStyle: { color: '#b3261e', type: 'dashed' } },
        },
        { type: 'line', name: t('dashboard.trend.p90'), data: data.weeklyTrend.map((w) => w.p90Hours), connectNulls: true },
      ],
    };
    const humanSteps = data.steps.filter((s) => s.tasks > 0);
    const waitOption: ChartOption = {
      grid: { left: 140, right: 16, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      xAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      yAxis: { type: 'category', data: humanSteps.map((s) => stepName(s.stepKey)), inverse: true },
      series: [
        { type: 'bar', name: t('dashboard.wait.median'), data: humanSteps.map((s) => s.waitingHours.median ?? 0) },
        { type: 'bar', name: t('dashboard.wait.p90'), data: humanSteps.map((s) => s.waitingHours.p90 ?? 0) },
      ],
    };
    const approverOption: ChartOption = {
      grid: { left: 120, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      yAxis: { type: 'category', data: data.approvers.map((a) => a.name ?? a.username ?? a.approverId), inverse: true },
      series: [{ type: 'bar', name: t('dashboard.approvers.median'), data: data.approvers.map((a) => a.medianDecisionHours ?? 0) }],
    };
    const slaOption: ChartOption = {
      grid: { left: 140, right: 16, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: humanSteps.map((s) => stepName(s.stepKey)), inverse: true },
      series: [
        { type: 'bar', name: t('dashboard.sla.breaches'), data: humanSteps.map((s) => s.slaBreaches), itemStyle: { color: '#b3261e' } },
        { type: 'bar', name: t('dashboard.sla.escalations'), data: humanSteps.map((s) => s.escalations), itemStyle: { color: '#8a5300' } },
      ],
    };
    return { target, bucketLabel, humanSteps, histogramOption, trendOption, waitOption, approverOption, slaOption };
  }, [data, t, stepName]);

  const fig = (id: string, title: string, summary: string, option: ChartOption, head: string[], rows: (string | number)[][]) => (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      option={option}
      emptyText={rows.length === 0 ? t('dashboard.empty') : undefined}
      table={
        <table data-table={id}>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <th scope="row">{row[0]}</th>
                {row.slice(1).map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );

  return (
    <section className="ops-dashboard" aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">{t('dashboard.title')}</h1>
      <form className="period" onSubmit={apply} noValidate>
        <div className="field">
          <label htmlFor="period-from">{t('dashboard.period.from')}</label>
          <input id="period-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="period-to">{t('dashboard.period.to')}</label>
          <input id="period-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit">{t('dashboard.period.apply')}</button>
        <a className="button secondary" href={csvUrl(period)} download="dashboard.csv">
          {t('dashboard.csv')}
        </a>
        {periodError && <p role="alert" className="field-error">{periodError}</p>}
      </form>
      <p className="hint">{t('dashboard.period.showing', { from: period.from, to: period.to })}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {data && charts && (
        <>
          <section aria-labelledby="kpi-heading">
            <h2 id="kpi-heading" className="visually-hidden">{t('dashboard.kpi.title')}</h2>
            <dl className="kpis">
              {(
                [
                  ['contracts', t('dashboard.kpi.contracts'), String(data.summary.contracts)],
                  ['approved', t('dashboard.kpi.approved'), String(data.summary.approved)],
                  ['inFlight', t('dashboard.kpi.inFlight'), String(data.summary.inFlight)],
                  ['withinTarget', t('dashboard.kpi.withinTarget', { hours: charts.target }), formatShare(data.summary.withinTargetShare, locale)],
                  ['automatic', t('dashboard.kpi.automatic'), formatShare(data.summary.automaticShare, locale)],
                  ['breaches', t('dashboard.kpi.breaches'), String(data.summary.slaBreaches)],
                  ['escalations', t('dashboard.kpi.escalations'), String(data.summary.escalations)],
                ] as const
              ).map(([key, label, value]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd data-kpi={key}>{value}</dd>
                </div>
              ))}
            </dl>
          </section>

          {fig(
            'histogram',
            t('dashboard.histogram.title', { hours: charts.target }),
            t('dashboard.histogram.summary', {
              count: data.summary.approved,
              p50: hours(data.summary.cycleTimeHours.p50),
              p90: hours(data.summary.cycleTimeHours.p90),
              share: formatShare(data.summary.withinTargetShare, locale),
              hours: charts.target,
            }),
            charts.histogramOption,
            [t('dashboard.histogram.bucket'), t('dashboard.histogram.contracts'), t('dashboard.histogram.withinTarget')],
            data.cycleTimeHistogram.map((b) => [charts.bucketLabel(b), b.contracts, b.withinTarget ? t('dashboard.yes') : t('dashboard.no')]),
          )}

          {fig(
            'trend',
            t('dashboard.trend.title'),
            t('dashboard.trend.summary', { count: data.weeklyTrend.length, hours: charts.target }),
            charts.trendOption,
            [t('dashboard.trend.week'), t('dashboard.trend.contracts'), t('dashboard.trend.p50'), t('dashboard.trend.p90'), t('dashboard.trend.withinTarget')],
            data.weeklyTrend.map((w) => [w.weekStart, w.contracts, hours(w.p50Hours), hours(w.p90Hours), formatShare(w.withinTargetShare, locale)]),
          )}

          {fig(
            'waiting',
            t('dashboard.wait.title'),
            t('dashboard.wait.summary', { count: charts.humanSteps.length }),
            charts.waitOption,
            [t('dashboard.step'), t('dashboard.wait.tasks'), t('dashboard.wait.median'), t('dashboard.wait.p90'), t('dashboard.wait.humanShare')],
            charts.humanSteps.map((s) => [stepName(s.stepKey), s.tasks, hours(s.waitingHours.median), hours(s.waitingHours.p90), formatShare(s.humanShare, locale)]),
          )}

          {fig(
            'approvers',
            t('dashboard.approvers.title'),
            t('dashboard.approvers.summary', { count: data.approvers.length }),
            charts.approverOption,
            [t('dashboard.approvers.who'), t('dashboard.approvers.tasks'), t('dashboard.approvers.median'), t('dashboard.sla.breaches')],
            data.approvers.map((a) => [a.name ?? a.username ?? a.approverId, a.tasks, hours(a.medianDecisionHours), a.breaches]),
          )}

          {fig(
            'sla',
            t('dashboard.sla.title'),
            t('dashboard.sla.summary', { breaches: data.summary.slaBreaches, escalations: data.summary.escalations }),
            charts.slaOption,
            [t('dashboard.step'), t('dashboard.sla.breaches'), t('dashboard.sla.escalations')],
            charts.humanSteps.map((s) => [stepName(s.stepKey), s.slaBreaches, s.escalations]),
          )}

          <section aria-labelledby="at-risk-heading">
            <h2 id="at-risk-heading">{t('dashboard.atRisk.title')}</h2>
            {data.atRisk.length === 0 ? (
              <p>{t('dashboard.atRisk.none')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="at-risk-heading">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.atRisk.contract')}</th>
                      <th scope="col">{t('dashboard.atRisk.rep')}</th>
                      <th scope="col">{t('dashboard.atRisk.steps')}</th>
                      <th scope="col">{t('dashboard.atRisk.age')}</th>
                      <th scope="col">{t('dashboard.atRisk.rag')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.atRisk.map((c) => (
                      <tr key={c.id} data-contract-id={c.id}>
                        <td>
                          <Link to={`/contracts/${c.id}`}>{c.title}</Link>
                        </td>
                        <td>{c.repName ?? '—'}</td>
                        <td>{c.currentSteps.map(stepName).join(', ') || '—'}</td>
                        <td>{t('dashboard.atRisk.ageValue', { age: formatHours(c.elapsedHours), target: c.targetHours })}</td>
                        <td>
                          <RagBadge rag={c.rag} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      <BotRunsSection />
    </section>
  );
}

export default DashboardPage;
