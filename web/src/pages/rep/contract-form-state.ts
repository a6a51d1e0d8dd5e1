// The contract form's state (what the inputs hold, as typed) and its mapping to and from the
// API's body: numbers are parsed only when the body is built, so a half-typed value stays visible.
import type { ContractData, CreateContractBody } from '../../api/types';

export interface Line {
  sku: string;
  quantity: string;
  unitPrice: string;
  taxRatePercent: string;
}

export interface FormState {
  title: string;
  customer: { name: string; registrationNumber: string; country: string };
  currency: string;
  paymentTermsDays: string;
  requestedDeliveryDate: string;
  personalData: boolean;
  lines: Line[];
  clauses: { key: string; text: string }[];
  /** Users copied (抄送) on the decisions people make (CcPicker); absent or empty: nobody. */
  cc?: string[];
}

export function toState(data: ContractData): FormState {
  return {
    title: data.title,
    customer: { ...data.customer },
    currency: data.currency,
    paymentTermsDays: String(data.paymentTermsDays),
    requestedDeliveryDate: data.requestedDeliveryDate,
    personalData: data.personalData,
    lines: data.lines.map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitPrice: String(l.unitPrice), taxRatePercent: String(l.taxRatePercent) })),
    clauses: data.clauses.map((c) => ({ ...c })),
    cc: [...(data.cc ?? [])],
  };
}

export const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
const round2 = (v: number) => Math.round(v * 100) / 100;

export function toBody(s: FormState): CreateContractBody {
  const lines = s.lines.map((l) => ({ sku: l.sku, quantity: num(l.quantity), unitPrice: num(l.unitPrice), taxRatePercent: num(l.taxRatePercent) }));
  return {
    title: s.title,
    customer: { ...s.customer },
    currency: s.currency,
    amount: linesTotal(s.lines),
    paymentTermsDays: num(s.paymentTermsDays),
    requestedDeliveryDate: s.requestedDeliveryDate,
    personalData: s.personalData,
    lines,
    clauses: s.clauses,
    ...(s.cc?.length ? { cc: s.cc } : {}),
  };
}

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** The lines' total, as the body's amount. */
export function linesTotal(lines: Line[]): number {
  return round2(lines.reduce((sum, l) => {
    const v = num(l.quantity) * num(l.unitPrice);
    return sum + (Number.isFinite(v) ? v : 0);
  }, 0));
}
