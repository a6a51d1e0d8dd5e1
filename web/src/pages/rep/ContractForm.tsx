// The contract form a rep submits and revises: prefilled from reference data (customer registry,
// product catalogue, clause library, the policy's delivery rule), with the routing preview as the
// rep types and the API's 400s shown beside the field they name. A new contract may open on a
// draft read from a customer's document, with the fields to check marked (notes).
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, client, typed, unwrap } from '../../api/client';
import type { ClauseLibrary, ContractData, CreateContractBody, Customer, Preview, Product } from '../../api/types';
import { Field } from '../../components/Field';
import { addDays, formatDate, orgToday } from '../../format';
import { CcPicker } from './CcPicker';
import { ContractClauses } from './ContractClauses';
import { ContractLines } from './ContractLines';
import { type FormState, toBody, toState } from './contract-form-state';
import { RoutingPreview } from './RoutingPreview';

export { newIdempotencyKey } from './contract-form-state';

const PREVIEW_DEBOUNCE_MS = 500;

export interface ContractFormProps {
  /** The revision being revised; absent for a new contract. */
  initial?: ContractData;
  /** A new contract's starting values (a draft read from a document), instead of the defaults. */
  prefill?: FormState;
  /** Field path (title, customer.name, lines, clauses.<key>, …) → what the rep should check there. */
  notes?: Record<string, string>;
  submitLabel: string;
  onSubmit(body: CreateContractBody): Promise<void>;
}

export function ContractForm({ initial, prefill, notes = {}, submitLabel, onSubmit }: ContractFormProps) {
  const { t } = useTranslation('rep');
  const [products, setProducts] = useState<Product[]>([]);
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [library, setLibrary] = useState<ClauseLibrary | null>(null);
  const [state, setState] = useState<FormState | null>(initial ? toState(initial) : (prefill ?? null));
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
  const matches = customerQuery.trim().length >= 1 ? customers.filter((c) => `${c.name} ${c.registrationNumber}`.toLowerCase().includes(customerQuery.trim().toLowerCase())).slice(0, 8) : [];

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
        <Field label={t('form.title')} error={errors.title} attention={notes.title}>
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
        <Field label={t('form.customerName')} error={errors['customer.name'] ?? errors.customer} attention={notes['customer.name']}>
          {(p) => <input {...p} name="customer.name" value={state.customer.name} onChange={(e) => update({ customer: { ...state.customer, name: e.target.value } })} />}
        </Field>
        <Field label={t('form.registrationNumber')} error={errors['customer.registrationNumber']} attention={notes['customer.registrationNumber']}>
          {(p) => (
            <input {...p} name="customer.registrationNumber" value={state.customer.registrationNumber} onChange={(e) => update({ customer: { ...state.customer, registrationNumber: e.target.value } })} />
          )}
        </Field>
        <Field label={t('form.country')} error={errors['customer.country']} hint={t('form.countryHint')} attention={notes['customer.country']}>
          {(p) => <input {...p} name="customer.country" maxLength={2} value={state.customer.country} onChange={(e) => update({ customer: { ...state.customer, country: e.target.value.toUpperCase() } })} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t('form.terms')}</legend>
        <Field label={t('form.currency')} error={errors.currency} attention={notes.currency}>
          {(p) => <input {...p} name="currency" maxLength={3} value={state.currency} onChange={(e) => update({ currency: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label={t('form.paymentTermsDays')} error={errors.paymentTermsDays} attention={notes.paymentTermsDays}>
          {(p) => <input {...p} name="paymentTermsDays" type="number" inputMode="numeric" min={0} value={state.paymentTermsDays} onChange={(e) => update({ paymentTermsDays: e.target.value })} />}
        </Field>
        <Field
          label={t('form.requestedDeliveryDate')}
          error={errors.requestedDeliveryDate}
          hint={t('form.earliestDelivery', { date: formatDate(earliestDelivery), days: maxLeadTime })}
          attention={notes.requestedDeliveryDate}
        >
          {(p) => <input {...p} name="requestedDeliveryDate" type="date" value={state.requestedDeliveryDate} onChange={(e) => update({ requestedDeliveryDate: e.target.value })} />}
        </Field>
        <div className={['field checkbox', errors.personalData ? 'has-error' : null, notes.personalData ? 'needs-check' : null].filter(Boolean).join(' ')}>
          <input
            id="personalData"
            name="personalData"
            type="checkbox"
            checked={state.personalData}
            aria-describedby={notes.personalData ? 'personalData-check' : undefined}
            onChange={(e) => update({ personalData: e.target.checked })}
          />
          <label htmlFor="personalData">{t('form.personalData')}</label>
          {notes.personalData && (
            <small id="personalData-check" className="check-note">
              {notes.personalData}
            </small>
          )}
          {errors.personalData && <small className="field-error">{errors.personalData}</small>}
        </div>
      </fieldset>

      <ContractLines lines={state.lines} currency={state.currency} products={products} productBySku={productBySku} errors={errors} notes={notes} onChange={(lines) => update({ lines })} />

      <ContractClauses clauses={state.clauses} standardByKey={standardByKey} errors={errors} notes={notes} onChange={(clauses) => update({ clauses })} />

      <CcPicker value={state.cc ?? []} onChange={(cc) => update({ cc })} error={Object.entries(errors).filter(([f]) => f === 'cc' || f.startsWith('cc[')).map(([, m]) => m).join('; ') || undefined} />

      <RoutingPreview preview={preview} previewError={previewError} />

      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

