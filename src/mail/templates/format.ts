// How mail and task pages write instants, money and percentages: the domain's formatters
// (src/domain/rules/format.ts), one home for every text the product writes.
export { esc } from '../../common/html';
export { formatAmount as formatMoney, formatFraction, formatInstant, formatPaymentTerms, formatPercent } from '../../domain/rules/format';
