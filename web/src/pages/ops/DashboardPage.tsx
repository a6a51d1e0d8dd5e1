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
import { csvUrl, type DashboardData, loadDashboard, type Period } from './dashboard-data';

const DEFAULT_TARGET_HOURS = 72;

export function defaultPeriod(now = new Date()): Period {
  const to = orgToday(now);
  return { from: addDays(to, -30), to };
}

export function DashboardPage() {
  const { t, i18n } = useTranslation('ops');
  const locale = i18n.language;
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const [draft, setDraft] = useState<Period>(period);
  const [data, setData] = useState<DashboardData | null>(null);
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
    const r = data.report;
    const target = r.summary.targetHours ?? DEFAULT_TARGET_HOURS;
    const cycle = r.summary.cycleTimeHours;
    const pctLabels = [t('dashboard.cycle.p50'), t('dashboard.cycle.p90'), t('dashboard.cycle.p95')];
    const pctValues = [cycle.p50, cycle.p90, cycle.p95];
    const cycleOption: ChartOption = {
      aria: { enabled: false },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: pctLabels },
      yAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      series: [
        {
          type: 'bar',
          name: t('dashboard.cycle.series'),
          data: pctValues.map((v) => ({ value: v ?? 0, itemStyle: { color: v !== null && v > target ? '#b42318' : '#2e7d32' } })),
          markLine: { symbol: 'none', data: [{ yAxis: target, name: t('dashboard.cycle.target', { hours: target }) }], label: { formatter: t('dashboard.cycle.target', { hours: target }) } },
        },
      ],
    };
    const waitOption: ChartOption = {
      grid: { left: 140, right: 16, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      yAxis: { type: 'category', data: r.steps.filter((s) => s.tasks > 0).map((s) => stepName(s.stepKey)), inverse: true },
      series: [
        { type: 'bar', name: t('dashboard.wait.median'), data: r.steps.filter((s) => s.tasks > 0).map((s) => s.waitingHours.median ?? 0) },
        { type: 'bar', name: t('dashboard.wait.p90'), data: r.steps.filter((s) => s.tasks > 0).map((s) => s.waitingHours.p90 ?? 0) },
      ],
    };
    const approverOption: ChartOption = {
      grid: { left: 120, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: t('dashboard.hoursAxis') },
      yAxis: { type: 'category', data: r.approvers.map((a) => a.name ?? a.username ?? a.approverId), inverse: true },
      series: [{ type: 'bar', name: t('dashboard.approvers.median'), data: r.approvers.map((a) => a.medianDecisionHours ?? 0) }],
    };
    const slaOption: ChartOption = {
      grid: { left: 140, right: 16, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: r.steps.filter((s) => s.tasks > 0).map((s) => stepName(s.stepKey)), inverse: true },
      series: [
        { type: 'bar', name: t('dashboard.sla.breaches'), data: r.steps.filter((s) => s.tasks > 0).map((s) => s.slaBreaches), itemStyle: { color: '#b42318' } },
        { type: 'bar', name: t('dashboard.sla.escalations'), data: r.steps.filter((s) => s.tasks > 0).map((s) => s.escalations), itemStyle: { color: '#b26a00' } },
      ],
    };
    return { target, cycleOption, waitOption, approverOption, slaOption };
  }, [data, t, stepName]);

  const r = data?.report;
  const humanSteps = r?.steps.filter((s) => s.tasks > 0) ?? [];
  const totalBreaches = humanSteps.reduce((n, s) => n + s.slaBreaches, 0);
  const totalEscalations = humanSteps.reduce((n, s) => n + s.escalations, 0);

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
        <a className="button" href={csvUrl(period)} download="cycle-times.csv">
          {t('dashboard.csv')}
        </a>
        {periodError && <p role="alert" className="field-error">{periodError}</p>}
      </form>
      <p className="hint">{t('dashboard.period.showing', { from: period.from, to: period.to })}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {!data && !error && <p>{t('loading')}</p>}
      {r && charts && (
        <>
          <section aria-labelledby="kpi-heading">
            <h2 id="kpi-heading" className="visually-hidden">{t('dashboard.kpi.title')}</h2>
            <dl className="kpis">
              <div>
                <dt>{t('dashboard.kpi.contracts')}</dt>
                <dd data-kpi="contracts">{r.summary.contracts}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.approved')}</dt>
                <dd data-kpi="approved">{r.summary.approved}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.inFlight')}</dt>
                <dd data-kpi="inFlight">{r.summary.inFlight}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.withinTarget', { hours: charts.target })}</dt>
                <dd data-kpi="withinTarget">{formatShare(r.summary.withinTargetShare, locale)}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.automatic')}</dt>
                <dd data-kpi="automatic">{formatShare(r.summary.automaticShare, locale)}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.breaches')}</dt>
                <dd data-kpi="breaches">{totalBreaches}</dd>
              </div>
              <div>
                <dt>{t('dashboard.kpi.escalations')}</dt>
                <dd data-kpi="escalations">{totalEscalations}</dd>
              </div>
            </dl>
          </section>

          <ChartFigure
            id="cycle"
            title={t('dashboard.cycle.title', { hours: charts.target })}
            summary={t('dashboard.cycle.summary', { p50: hours(r.summary.cycleTimeHours.p50), p90: hours(r.summary.cycleTimeHours.p90), hours: charts.target, count: r.summary.approved })}
            option={charts.cycleOption}
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.cycle.measure')}</th>
                    <th scope="col">{t('dashboard.hoursAxis')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr><th scope="row">{t('dashboard.cycle.p50')}</th><td>{hours(r.summary.cycleTimeHours.p50)}</td></tr>
                  <tr><th scope="row">{t('dashboard.cycle.p90')}</th><td>{hours(r.summary.cycleTimeHours.p90)}</td></tr>
                  <tr><th scope="row">{t('dashboard.cycle.p95')}</th><td>{hours(r.summary.cycleTimeHours.p95)}</td></tr>
                  <tr><th scope="row">{t('dashboard.cycle.mean')}</th><td>{hours(r.summary.cycleTimeHours.mean)}</td></tr>
                  <tr><th scope="row">{t('dashboard.cycle.targetRow')}</th><td>{hours(charts.target)}</td></tr>
                </tbody>
              </table>
            }
          />

          <ChartFigure
            id="waiting"
            title={t('dashboard.wait.title')}
            summary={t('dashboard.wait.summary', { count: humanSteps.length })}
            option={charts.waitOption}
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.step')}</th>
                    <th scope="col">{t('dashboard.wait.tasks')}</th>
                    <th scope="col">{t('dashboard.wait.median')}</th>
                    <th scope="col">{t('dashboard.wait.p90')}</th>
                    <th scope="col">{t('dashboard.wait.humanShare')}</th>
                  </tr>
                </thead>
                <tbody>
                  {humanSteps.map((s) => (
                    <tr key={s.stepKey} data-step={s.stepKey}>
                      <th scope="row">{stepName(s.stepKey)}</th>
                      <td>{s.tasks}</td>
                      <td>{hours(s.waitingHours.median)}</td>
                      <td>{hours(s.waitingHours.p90)}</td>
                      <td>{formatShare(s.humanShare, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />

          <ChartFigure
            id="approvers"
            title={t('dashboard.approvers.title')}
            summary={t('dashboard.approvers.summary', { count: r.approvers.length })}
            option={charts.approverOption}
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.approvers.who')}</th>
                    <th scope="col">{t('dashboard.approvers.tasks')}</th>
                    <th scope="col">{t('dashboard.approvers.median')}</th>
                    <th scope="col">{t('dashboard.sla.breaches')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.approvers.map((a) => (
                    <tr key={a.approverId} data-approver={a.username ?? a.approverId}>
                      <th scope="row">{a.name ?? a.username ?? a.approverId}</th>
                      <td>{a.tasks}</td>
                      <td>{hours(a.medianDecisionHours)}</td>
                      <td>{a.breaches}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />

          <ChartFigure
            id="sla"
            title={t('dashboard.sla.title')}
            summary={t('dashboard.sla.summary', { breaches: totalBreaches, escalations: totalEscalations })}
            option={charts.slaOption}
            table={
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.step')}</th>
                    <th scope="col">{t('dashboard.sla.breaches')}</th>
                    <th scope="col">{t('dashboard.sla.escalations')}</th>
                  </tr>
                </thead>
                <tbody>
                  {humanSteps.map((s) => (
                    <tr key={s.stepKey}>
                      <th scope="row">{stepName(s.stepKey)}</th>
                      <td>{s.slaBreaches}</td>
                      <td>{s.escalations}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />

          <section aria-labelledby="at-risk-heading">
            <h2 id="at-risk-heading">{t('dashboard.atRisk.title')}</h2>
            {data.atRisk.length === 0 ? (
              <p>{t('dashboard.atRisk.none')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.atRisk.contract')}</th>
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
                          <div className="hint">{c.customer.name}</div>
                        </td>
                        <td>{c.currentSteps.map(stepName).join(', ') || '—'}</td>
                        <td>{t('dashboard.atRisk.ageValue', { age: formatHours(c.timing.elapsedHours), target: c.timing.targetHours })}</td>
                        <td>
                          <RagBadge rag={c.timing.rag} />
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
    </section>
  );
}

export default DashboardPage;
