// All contracts for ops (/ops/contracts): filtered by status, colour, current step, rep and
// customer country in the API (GET /api/contracts?status=&rag=&step=&repId=&country=&attention=), each with
// its rep and any attention flag, and the deadline of a waiting task changeable in place.
import { type FormEvent, Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../approver/approver.css';
import { client, unwrap } from '../../api/client';
import type { ContractList, ContractSummary, Person, Rag } from '../../api/types';
import type { DirectoryUser } from '../approver/types';
import { RagBadge } from '../../components/RagBadge';
import { formatDateTime, formatHours, formatMoney } from '../../format';
import { refusalSentence } from '../approver/refusal';
import { DeadlineForm } from './DeadlineForm';

const STATUSES = ['in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
const RAGS: Rag[] = ['green', 'amber', 'red'];
const HUMAN_STEPS = [
  'credit_check', 'compliance_screening', 'clause_validation', 'pricing_review', 'sales_manager_approval', 'legal_review', 'finance_review',
  'tax_review', 'delivery_review', 'regional_director_approval', 'executive_approval',
];
const PAGE_SIZE = 50;

interface Filters {
  status: string;
  rag: string;
  step: string;
  repId: string;
  country: string;
  /** Only contracts flagged for ops' attention. */
  attention: boolean;
}

const EMPTY: Filters = { status: '', rag: '', step: '', repId: '', country: '', attention: false };

/** A list item names its rep. */
type OpsContract = ContractSummary & { submitter: Person };

export function ContractsPage() {
  const { t, i18n } = useTranslation('ops');
  const locale = i18n.language;
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<ContractList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [reps, setReps] = useState<DirectoryUser[]>([]);

  useEffect(() => {
    unwrap<DirectoryUser[]>(client.GET('/api/users', { params: { query: { role: 'rep' } } }))
      .then(setReps)
      .catch(() => setReps([]));
  }, []);

  const load = useCallback(async () => {
    try {
      const query = {
        page,
        pageSize: PAGE_SIZE,
        ...(filters.status ? { status: filters.status as (typeof STATUSES)[number] } : {}),
        ...(filters.rag ? { rag: filters.rag as Rag } : {}),
        ...(filters.step ? { step: filters.step } : {}),
        ...(filters.repId ? { repId: filters.repId } : {}),
        ...(filters.country ? { country: filters.country } : {}),
        ...(filters.attention ? { attention: true } : {}),
      };
      setList(await unwrap<ContractList>(client.GET('/api/contracts', { params: { query } })));
      setError(null);
    } catch (err) {
      setError(refusalSentence(t, err, { names: new Map(), locale }));
    }
  }, [filters, page, t, locale]);

  useEffect(() => {
    void load();
  }, [load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setPage(1);
    setFilters({ ...draft, country: draft.country.trim().toUpperCase() });
  }

  const stepName = (key: string) => t(`approver:steps.${key}`, { defaultValue: key });
  const items = (list?.items ?? []) as OpsContract[];
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;

  return (
    <section aria-labelledby="contracts-heading">
      <h1 id="contracts-heading">{t('contracts.title')}</h1>
      <form className="filters" onSubmit={apply} aria-label={t('contracts.filters.label')}>
        <div className="field">
          <label htmlFor="filter-status">{t('contracts.filters.status')}</label>
          <select id="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('contracts.filters.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`contracts.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-rag">{t('contracts.filters.rag')}</label>
          <select id="filter-rag" value={draft.rag} onChange={(e) => setDraft({ ...draft, rag: e.target.value })}>
            <option value="">{t('contracts.filters.any')}</option>
            {RAGS.map((r) => (
              <option key={r} value={r}>
                {t(`common:rag.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-step">{t('contracts.filters.step')}</label>
          <select id="filter-step" value={draft.step} onChange={(e) => setDraft({ ...draft, step: e.target.value })}>
            <option value="">{t('contracts.filters.any')}</option>
            {HUMAN_STEPS.map((s) => (
              <option key={s} value={s}>
                {stepName(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-rep">{t('contracts.filters.rep')}</label>
          <select id="filter-rep" value={draft.repId} onChange={(e) => setDraft({ ...draft, repId: e.target.value })}>
            <option value="">{t('contracts.filters.any')}</option>
            {reps.map((r) => (
              <option key={r.id} value={r.id}>
                {r.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-country">{t('contracts.filters.country')}</label>
          <input id="filter-country" type="text" maxLength={2} value={draft.country} onChange={(e) => setDraft({ ...draft, country: e.target.value })} aria-describedby="filter-country-hint" />
          <p id="filter-country-hint" className="hint">{t('contracts.filters.countryHint')}</p>
        </div>
        <div className="field checkbox">
          <input id="filter-attention" type="checkbox" checked={draft.attention} onChange={(e) => setDraft({ ...draft, attention: e.target.checked })} />
          <label htmlFor="filter-attention">{t('contracts.filters.attention')}</label>
        </div>
        <div className="field">
          <button type="submit">{t('contracts.filters.apply')}</button>
        </div>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {!list && !error && <p>{t('loading')}</p>}
      {list && (
        <>
          <p role="status">{t('contracts.count', { count: list.total })}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="contracts-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('contracts.columns.contract')}</th>
                  <th scope="col">{t('contracts.columns.status')}</th>
                  <th scope="col">{t('contracts.columns.steps')}</th>
                  <th scope="col">{t('contracts.columns.age')}</th>
                  <th scope="col">{t('contracts.columns.rag')}</th>
                  <th scope="col">{t('contracts.columns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <Fragment key={c.id}>
                    <tr data-contract-id={c.id}>
                      <td>
                        <Link to={`/contracts/${c.id}`}>{c.title}</Link>
                        <div className="sub">
                          {c.customer.name} · {c.customer.country} · {formatMoney(c.amount, c.currency)}
                        </div>
                        <div className="sub">{t('contracts.rep', { name: c.submitter.name })}</div>
                        <div className="sub">{t('contracts.submitted', { at: formatDateTime(c.submittedAt) })}</div>
                        {c.attention?.map((f) => (
                          <div key={`${f.kind}:${f.taskId}`} className="sub warning" data-attention={f.kind}>
                            {t(`contracts.attention.${f.kind}`, { defaultValue: f.kind, step: stepName(f.step), level: f.level })}
                          </div>
                        ))}
                      </td>
                      <td>{t(`contracts.status.${c.status}`, { defaultValue: c.status })}</td>
                      <td>{c.currentSteps.map(stepName).join(', ') || '—'}</td>
                      <td>{t('contracts.age', { age: formatHours(c.timing.elapsedHours), target: c.timing.targetHours })}</td>
                      <td>
                        <RagBadge rag={c.timing.rag} />
                      </td>
                      <td>
                        {c.status === 'in_review' && (
                          <button type="button" className="secondary" aria-expanded={open === c.id} aria-controls={`deadline-row-${c.id}`} onClick={() => setOpen(open === c.id ? null : c.id)}>
                            {t('contracts.deadline.open')}
                          </button>
                        )}
                      </td>
                    </tr>
                    {open === c.id && (
                      <tr id={`deadline-row-${c.id}`}>
                        <td colSpan={6}>
                          <DeadlineForm contractId={c.id} onChanged={() => void load()} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('contracts.pager.label')}>
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('contracts.pager.previous')}
            </button>
            <span>{t('contracts.pager.page', { page, pages })}</span>
            <button type="button" className="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('contracts.pager.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

export default ContractsPage;
