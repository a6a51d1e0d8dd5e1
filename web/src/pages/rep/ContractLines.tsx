// The contract form's lines: SKU from the catalogue (list price, floor price and tax rate
// prefilled on choosing one), quantity, unit price with the derived discount shown live.
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/types';
import { Field } from '../../components/Field';
import { formatMoney, formatPercent } from '../../format';
import { type Line, linesTotal, num } from './contract-form-state';

interface Props {
  lines: Line[];
  currency: string;
  products: Product[];
  productBySku: Map<string, Product>;
  errors: Record<string, string>;
  /** What to check, read from a document: `lines` (the price table) and `amount` (the stated total). */
  notes?: Record<string, string>;
  onChange(lines: Line[]): void;
}

export function ContractLines({ lines, currency, products, productBySku, errors, notes = {}, onChange }: Props) {
  const { t } = useTranslation('rep');
  const updateLine = (index: number, patch: Partial<Line>) => onChange(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  const pickSku = (index: number, sku: string) => {
    const p = productBySku.get(sku);
    updateLine(index, p ? { sku, unitPrice: String(p.listPrice), taxRatePercent: String(p.taxRatePercent) } : { sku });
  };
  return (
    <fieldset>
      <legend>{t('form.lines')}</legend>
      {errors.lines && <p className="field-error">{errors.lines}</p>}
      {errors.amount && <p className="field-error">{errors.amount}</p>}
      {notes.lines && <p className="check-note">{notes.lines}</p>}
      {notes.amount && <p className="check-note">{notes.amount}</p>}
      {lines.map((line, i) => {
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
                    {t('form.priceFacts', { list: formatMoney(product.listPrice, currency), floor: formatMoney(product.floorPrice, currency) })}{' '}
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
            <button type="button" className="secondary" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
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
          onChange([...lines, { sku: p?.sku ?? '', quantity: '1', unitPrice: String(p?.listPrice ?? ''), taxRatePercent: String(p?.taxRatePercent ?? '') }]);
        }}
      >
        {t('form.addLine')}
      </button>
      <p className="total">{t('form.total', { amount: formatMoney(linesTotal(lines), currency) })}</p>
    </fieldset>
  );
}
