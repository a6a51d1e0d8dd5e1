// The contract form a rep submits and revises: prefilled from reference data (customer registry,
// product catalogue, clause library, the policy's delivery rule), with the routing preview as the
// rep types and the API's 400s shown beside the field they name.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, typed, unwrap } from '../../api/client';
import type { ClauseLibrary, ContractData, CreateContractBody, Customer, Preview, Product } from '../../api/types';
import { ClauseDiff } from '../../components/ClauseDiff';
import { Field } from '../../components/Field';
import { addDays, formatDate, formatMoney, formatPercent, orgToday } from '../../format';

const PREVIEW_DEBOUNCE_MS = 500;

interface Line {
  sku: string;
  quantity: string;
  unitPrice: string;
  taxRatePercent: string;
}

interface FormState {
  title: string;
  customer: { name: string; registrationNumber: string; country: string };
  currency: string;
  paymentTermsDays: string;
  requestedDeliveryDate: string;
  personalData: boolean;
  lines: Line[];
  clauses: { key: string; text: string }[];
}

export interface ContractFormProps {
  /** The revision being revised; absent for a new contract. */
  initial?: ContractData;
  submitLabel: string;
  onSubmit(body: CreateContractBody): Promise<void>;
}

function toState(data: ContractData): FormState {
  return {
    title: data.title,
    customer: { ...data.customer },
    currency: data.currency,
    paymentTermsDays: String(data.paymentTermsDays),
    requestedDeliveryDate: data.requestedDeliveryDate,
    personalData: data.personalData,
    lines: data.lines.map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitPrice: String(l.unitPrice), taxRatePercent: String(l.taxRatePercent) })),
    clauses: data.clauses.map((c) => ({ ...c })),
  };
}

const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
const round2 = (v: number) => Math.round(v * 100) / 100;

function toBody(s: FormState): CreateContractBody {
  const lines = s.lines.map((l) => ({ sku: l.sku, quantity: num(l.quantity), unitPrice: num(l.unitPrice), taxRatePercent: num(l.taxRatePercent) }));
  return {
    title: s.title,
    customer: { ...s.customer },
    currency: s.currency,
    amount: round2(lines.reduce((sum, l) => sum + (Number.isFinite(l.quantity * l.unitPrice) ? l.quantity * l.unitPrice : 0), 0)),
    paymentTermsDays: num(s.paymentTermsDays),
    requestedDeliveryDate: s.requestedDeliveryDate,
    personalData: s.personalData,
    lines,
    clauses: s.clauses,
  };
}

function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function ContractForm({ initial, submitLabel, onSubmit }: ContractFormProps) {
  const { t } = useTranslation('rep');
  const [products, setProducts] = useState<Product[]>([]);
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [library, setLibrary] = useState<ClauseLibrary | null>(null);
  const [state, setState] = useState<FormState | null>(initial ? toState(initial) : null);
  const [customerQuery, setCustomerQuery] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([
      typed(client.GET('/api/products')),
      typed(client.GET('/api/customers')),
      unwrap<ClauseLibrary>(client.GET('/api/clause-library')),
    ])
      .then(([p, c, l]) => {
        if (!live) return;
        setProducts(p);
        setCustomers(c);
        setLibrary(l);
        setState(
          (s) =>
            s ?? {
              title: '',
              customer: { name: '', registrationNumber: '', country: 'CN' },
              currency: 'CNY',
              paymentTermsDays: '30',
              requestedDeliveryDate: '',
              personalData: false,
              lines: p[0] ? [{ sku: p[0].sku, quantity: '1', unitPrice: String(p[0].listPrice), taxRatePercent: String(p[0].taxRatePercent) }] : [],
              clauses: l.clauses.map((c) => ({ key: c.key, text: c.standardText })),
            },
        );
      })
      .catch((err: unknown) => live && setFormError(err instanceof ApiError ? err.body.message : t('common:error.network')));
    return () => {
      live = false;
    };
  }, [t]);

  const productBySku = useMemo(() => new Map(products.map((p) => [p.sku, p])), [products]);
  const standardByKey = useMemo(() => new Map((library?.clauses ?? []).map((c) => [c.key, c])), [library]);
  const maxLeadTime = state ? Math.max(0, ...state.lines.map((l) => productBySku.get(l.sku)?.leadTimeDays ?? 0)) : 0;
  const earliestDelivery = addDays(orgToday(), maxLeadTime);

  // A new contract asks for the earliest date that needs no delivery review, once it is known.
  useEffect(() => {
    if (!initial && products.length && state && state.requestedDeliveryDate === '') setState({ ...state, requestedDeliveryDate: earliestDelivery });
  }, [initial, products.length, state, earliestDelivery]);

  // The routing preview, debounced as the rep types; a newer request aborts the older one.
  const body = useMemo(() => (state ? toBody(state) : null), [state]);
  const previewAbort = useRef<AbortController | null>(null);
  useEffect(() => {
    if (!body) return;
    const timer = setTimeout(() => {
      previewAbort.current?.abort();
      const abort = new AbortController();
      previewAbort.current = abort;
      typed(client.POST('/api/contracts/preview', { body, signal: abort.signal }))
        .then((p) => {
          setPreview(p);
          setPreviewError(null);
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted) return;
          setPreviewError(err instanceof ApiError ? err.body.message : t('common:error.network'));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [body, t]);

  if (!state) {
    return formError ? (
      <p className="error" role="alert">
        {formError}
      </p>
    ) : (
      <p>{t('common:loading')}</p>
    );
  }

  const update = (patch: Partial<FormState>) => setState({ ...state, ...patch });
  const updateLine = (index: number, patch: Partial<Line>) => update({ lines: state.lines.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  const pickSku = (index: number, sku: string) => {
    const p = productBySku.get(sku);
    updateLine(index, p ? { sku, unitPrice: String(p.listPrice), taxRatePercent: String(p.taxRatePercent) } : { sku });
  };
  const matches = customerQuery.trim().length >= 1 ? customers.filter((c) => `${c.name} ${c.registrationNumber}`.toLowerCase().includes(customerQuery.trim().toLowerCase())).slice(0, 8) : [];
  const needsPerson = (preview?.steps ?? []).filter((s) => s.mode === 'person');
  const returned = (preview?.steps ?? []).filter((s) => s.mode === 'returned');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await onSubmit(toBody(state));
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setFormError(err.body.message);
      } else setFormError(t('common:error.network'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="contract-form" onSubmit={(e) => void submit(e)} noValidate>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <fieldset>
        <legend>{t('form.contract')}</legend>
        <Field label={t('form.title')} error={errors.title}>
          {(p) => <input {...p} name="title" value={state.title} onChange={(e) => update({ title: e.target.value })} required />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('form.customer')}</legend>
        <Field label={t('form.customerSearch')} hint={t('form.customerSearchHint')}>
          {(p) => <input {...p} type="search" value={customerQuery} onChange={(e) => setCustomerQuery(e.target.value)} autoComplete="off" />}
        </Field>
        {matches.length > 0 && (
          <ul className="customer-matches" aria-label={t('form.customerMatches')}>
            {matches.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    update({ customer: { name: c.name, registrationNumber: c.registrationNumber, country: c.country } });
                    setCustomerQuery('');
                  }}
                >
                  {c.name} · {c.registrationNumber} · {c.country}
                </button>
              </li>
            ))}
          </ul>
        )}
        <Field label={t('form.customerName')} error={errors['customer.name'] ?? errors.customer}>
          {(p) => <input {...p} name="customer.name" value={state.customer.name} onChange={(e) => update({ customer: { ...state.customer, name: e.target.value } })} />}
        </Field>
        <Field label={t('form.registrationNumber')} error={errors['customer.registrationNumber']}>
          {(p) => (
            <input {...p} name="customer.registrationNumber" value={state.customer.registrationNumber} onChange={(e) => update({ customer: { ...state.customer, registrationNumber: e.target.value } })} />
          )}
        </Field>
        <Field label={t('form.country')} error={errors['customer.country']} hint={t('form.countryHint')}>
          {(p) => <input {...p} name="customer.country" maxLength={2} value={state.customer.country} onChange={(e) => update({ customer: { ...state.customer, country: e.target.value.toUpperCase() } })} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('form.terms')}</legend>
        <Field label={t('form.currency')} error={errors.currency}>
          {(p) => <input {...p} name="currency" maxLength={3} value={state.currency} onChange={(e) => update({ currency: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label={t('form.paymentTermsDays')} error={errors.paymentTermsDays}>
          {(p) => <input {...p} name="paymentTermsDays" type="number" inputMode="numeric" min={0} value={state.paymentTermsDays} onChange={(e) => update({ paymentTermsDays: e.target.value })} />}
        </Field>
        <Field label={t('form.requestedDeliveryDate')} error={errors.requestedDeliveryDate} hint={t('form.earliestDelivery', { date: formatDate(earliestDelivery), days: maxLeadTime })}>
          {(p) => <input {...p} name="requestedDeliveryDate" type="date" value={state.requestedDeliveryDate} onChange={(e) => update({ requestedDeliveryDate: e.target.value })} />}
        </Field>
        <div className={errors.personalData ? 'field checkbox has-error' : 'field checkbox'}>
          <input id="personalData" name="personalData" type="checkbox" checked={state.personalData} onChange={(e) => update({ personalData: e.target.checked })} />
          <label htmlFor="personalData">{t('form.personalData')}</label>
          {errors.personalData && <small className="field-error">{errors.personalData}</small>}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.lines')}</legend>
        {errors.lines && <p className="field-error">{errors.lines}</p>}
        {errors.amount && <p className="field-error">{errors.amount}</p>}
        {state.lines.map((line, i) => {
          const product = productBySku.get(line.sku);
          const price = num(line.unitPrice);
          const discount = product && product.listPrice > 0 && Number.isFinite(price) ? (1 - price / product.listPrice) * 100 : null;
          const belowFloor = product && Number.isFinite(price) && price < product.floorPrice;
          return (
            <div className="line" key={i} role="group" aria-label={t('form.lineN', { n: i + 1 })}>
              <Field label={t('form.sku')} error={errors[`lines[${i}].sku`]}>
                {(p) => (
                  <select {...p} name={`lines[${i}].sku`} value={line.sku} onChange={(e) => pickSku(i, e.target.value)}>
                    {!product && <option value={line.sku}>{line.sku}</option>}
                    {products.map((pr) => (
                      <option key={pr.sku} value={pr.sku}>
                        {pr.sku} — {pr.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('form.quantity')} error={errors[`lines[${i}].quantity`]}>
                {(p) => <input {...p} name={`lines[${i}].quantity`} type="number" inputMode="decimal" min={0} value={line.quantity} onChange={(e) => updateLine(i, { quantity: e.target.value })} />}
              </Field>
              <Field
                label={t('form.unitPrice')}
                error={errors[`lines[${i}].unitPrice`]}
                hint={
                  product && (
                    <>
                      {t('form.priceFacts', { list: formatMoney(product.listPrice, state.currency), floor: formatMoney(product.floorPrice, state.currency) })}{' '}
                      <span className={belowFloor ? 'warning' : undefined} data-testid={`discount-${i}`}>
                        {t('form.discount', { discount: formatPercent(discount) })}
                        {belowFloor ? ` — ${t('form.belowFloor')}` : ''}
                      </span>
                    </>
                  )
                }
              >
                {(p) => <input {...p} name={`lines[${i}].unitPrice`} type="number" inputMode="decimal" min={0} step="0.01" value={line.unitPrice} onChange={(e) => updateLine(i, { unitPrice: e.target.value })} />}
              </Field>
              <Field label={t('form.taxRate')} error={errors[`lines[${i}].taxRatePercent`]}>
                {(p) => <input {...p} name={`lines[${i}].taxRatePercent`} type="number" inputMode="decimal" min={0} step="0.01" value={line.taxRatePercent} onChange={(e) => updateLine(i, { taxRatePercent: e.target.value })} />}
              </Field>
              <button type="button" className="secondary" onClick={() => update({ lines: state.lines.filter((_, j) => j !== i) })}>
                {t('form.removeLine', { n: i + 1 })}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const p = products[0];
            update({ lines: [...state.lines, { sku: p?.sku ?? '', quantity: '1', unitPrice: String(p?.listPrice ?? ''), taxRatePercent: String(p?.taxRatePercent ?? '') }] });
          }}
        >
          {t('form.addLine')}
        </button>
        <p className="total">{t('form.total', { amount: formatMoney(toBody(state).amount, state.currency) })}</p>
      </fieldset>

      <fieldset>
        <legend>{t('form.clauses')}</legend>
        {errors.clauses && <p className="field-error">{errors.clauses}</p>}
        {state.clauses.map((clause, i) => {
          const standard = standardByKey.get(clause.key);
          const edited = standard !== undefined && clause.text !== standard.standardText;
          return (
            <div className={edited ? 'clause edited' : 'clause'} key={clause.key}>
              <Field label={standard ? t('form.clauseLabel', { title: standard.title }) : clause.key} error={errors[`clauses[${i}].text`] ?? errors[`clauses[${i}]`]} hint={edited ? t('clauses.edited') : undefined}>
                {(p) => (
                  <textarea
                    {...p}
                    name={`clauses.${clause.key}`}
                    rows={3}
                    value={clause.text}
                    onChange={(e) => update({ clauses: state.clauses.map((c, j) => (j === i ? { ...c, text: e.target.value } : c)) })}
                  />
                )}
              </Field>
              {edited && standard && (
                <>
                  <ClauseDiff standard={standard.standardText} text={clause.text} />
                  <button type="button" className="secondary" onClick={() => update({ clauses: state.clauses.map((c, j) => (j === i ? { ...c, text: standard.standardText } : c)) })}>
                    {t('clauses.restore')}
                  </button>
                </>
              )}
            </div>
          );
        })}
      </fieldset>

      <section className="preview" aria-labelledby="preview-heading" aria-live="polite" data-state={previewError ? 'unavailable' : preview ? 'ready' : 'loading'}>
        <h2 id="preview-heading">{t('preview.title')}</h2>
        {previewError ? (
          <p className="hint">{t('preview.unavailable', { message: previewError })}</p>
        ) : !preview ? (
          <p className="hint">{t('common:loading')}</p>
        ) : returned.length > 0 ? (
          <ul data-testid="preview-returned">
            {returned.map((s) => (
              <li key={s.key}>{t('preview.returned', { step: t(`steps.${s.key}`, { defaultValue: s.name }), reason: s.reason ?? '' })}</li>
            ))}
          </ul>
        ) : needsPerson.length === 0 ? (
          <p data-testid="preview-automatic">{t('preview.allAutomatic')}</p>
        ) : (
          <ul data-testid="preview-people">
            {needsPerson.map((s) => (
              <li key={s.key}>{t('preview.needsPerson', { step: t(`steps.${s.key}`, { defaultValue: s.name }), reason: s.reason ?? '' })}</li>
            ))}
          </ul>
        )}
      </section>

      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

export { newIdempotencyKey };
