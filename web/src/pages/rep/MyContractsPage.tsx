// /contracts: the rep's contracts with status, RAG, current steps and age against the target.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { client, unwrap } from '../../api/client';
import type { ContractList, Rag } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { RagBadge } from '../../components/RagBadge';
import { formatDateTime, formatHours, formatMoney } from '../../format';

const STATUSES = ['in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
const RAGS = ['green', 'amber', 'red'] as const;
type Status = (typeof STATUSES)[number];

export default function MyContractsPage() {
  const { t } = useTranslation('rep');
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as Status) : undefined;
  const rag = (RAGS as readonly string[]).includes(params.get('rag') ?? '') ? (params.get('rag') as Rag) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [list, setList] = useState<ContractList | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    // Rows of the previous filter must not stand for this one's while it loads.
    setList(null);
    setError(null);
    unwrap<ContractList>(client.GET('/api/contracts', { params: { query: { status, rag, page, pageSize: 20 } } }))
      .then((l) => live && setList(l))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [status, rag, page]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const goToPage = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };

  return (
    <>
      <div className="page-title">
        <h1>{t('list.title')}</h1>
        <Link className="button primary" to="/contracts/new">
          {t('list.new')}
        </Link>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('list.filters')}>
        <div className="field">
          <label htmlFor="filter-status">{t('list.status')}</label>
          <select id="filter-status" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('list.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-rag">{t('list.rag')}</label>
          <select id="filter-rag" value={rag ?? ''} onChange={(e) => setFilter('rag', e.target.value)}>
            <option value="">{t('list.any')}</option>
            {RAGS.map((r) => (
              <option key={r} value={r}>
                {t(`common:rag.${r}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={error} />
      {!list && !error && <p>{t('common:loading')}</p>}
      {list && list.items.length === 0 && <p>{t('list.empty')}</p>}
      {list && list.items.length > 0 && (
        // Focusable so a keyboard can scroll it sideways on a narrow screen.
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('list.caption', { total: list.total })}>
          <table>
            <caption className="visually-hidden">{t('list.caption', { total: list.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.contract')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.rag')}</th>
                <th scope="col">{t('list.currentSteps')}</th>
                <th scope="col">{t('list.age')}</th>
                <th scope="col">{t('list.submitted')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/contracts/${c.id}`}>{c.title}</Link>
                    <div className="sub">
                      {c.customer.name} · {formatMoney(c.amount, c.currency)}
                    </div>
                  </td>
                  <td>{t(`common:status.${c.status}`, { defaultValue: c.status })}</td>
                  <td>
                    <RagBadge rag={c.timing.rag} />
                  </td>
                  <td>{c.currentSteps.map((s) => t(`steps.${s}`, { defaultValue: s })).join(', ') || '—'}</td>
                  <td>{t('list.ageOfTarget', { elapsed: formatHours(c.timing.elapsedHours), target: formatHours(c.timing.targetHours) })}</td>
                  <td>{formatDateTime(c.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && list.total > list.pageSize && (
        <nav className="pager" aria-label={t('list.pages')}>
          <button type="button" className="secondary" disabled={page <= 1} onClick={() => goToPage(page - 1)}>
            {t('list.previous')}
          </button>
          <span>{t('list.pageOf', { page, pages: Math.ceil(list.total / list.pageSize) })}</span>
          <button type="button" className="secondary" disabled={page * list.pageSize >= list.total} onClick={() => goToPage(page + 1)}>
            {t('list.next')}
          </button>
        </nav>
      )}
    </>
  );
}
