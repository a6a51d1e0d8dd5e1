// Step 1, intake_check: is the submission complete and internally consistent? Anything wrong
// goes straight back to the rep with one line per problem; nobody else should see a contract
// whose amount does not add up or whose SKUs do not exist.
import { moneyEquals } from '../contract/derive';
import { localDateOf, isIsoDate } from '../sla/local-date';
import { formatMoney, plural } from './format';
import { numberParam, stringListParam, stringParam } from './params';
import { RULE_IDS } from './rule-ids';
import type { Rule } from './rule.types';

const COUNTRY_CODE = /^[A-Z]{2}$/;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

// The submission arrives from the API and the rule must not trust its static type: every field
// is checked as if it were `unknown`, so a malformed body yields problems rather than a crash.
export const intakeCheckRule: Rule = (step, ctx) => {
  const amountTolerance = numberParam(step, 'amountTolerance');
  const allowedCurrencies = stringListParam(step, 'allowedCurrencies');
  const timeZone = stringParam(step, 'timeZone');
  const contract = ctx.contract;
  const submissionDate = localDateOf(ctx.submittedAt, timeZone);
  const problems: string[] = [];

  if (!isFilled(contract.title)) problems.push('Title is missing');

  const customer: unknown = contract.customer;
  if (typeof customer !== 'object' || customer === null) {
    problems.push('Customer is missing');
  } else {
    const { name, registrationNumber, country } = customer as Record<string, unknown>;
    if (!isFilled(name)) problems.push('Customer name is missing');
    if (!isFilled(registrationNumber)) problems.push('Customer registration number is missing');
    if (typeof country !== 'string' || !COUNTRY_CODE.test(country)) {
      problems.push(`Customer country ${JSON.stringify(country ?? null)} is not a two-letter ISO country code`);
    }
  }

  if (!isFilled(contract.currency)) problems.push('Currency is missing');
  else if (!allowedCurrencies.includes(contract.currency)) {
    problems.push(`Currency ${contract.currency} is not one of ${allowedCurrencies.join(', ')}`);
  }

  const amountValid = isFiniteNumber(contract.amount);
  if (!amountValid) problems.push('Amount is missing or not a number');
  else if (contract.amount < 0) problems.push(`Amount ${formatMoney(contract.amount)} is negative`);

  if (!Number.isInteger(contract.paymentTermsDays) || contract.paymentTermsDays < 0) {
    problems.push(`Payment terms ${JSON.stringify(contract.paymentTermsDays ?? null)} must be a whole number of days, 0 or more`);
  }

  if (typeof contract.personalData !== 'boolean') problems.push('Whether the contract involves personal data is not stated');

  if (!isFilled(contract.requestedDeliveryDate)) problems.push('Requested delivery date is missing');
  else if (!isIsoDate(contract.requestedDeliveryDate)) {
    problems.push(`Requested delivery date '${contract.requestedDeliveryDate}' is not a valid YYYY-MM-DD date`);
  } else if (contract.requestedDeliveryDate < submissionDate) {
    problems.push(`Requested delivery date ${contract.requestedDeliveryDate} is before the submission date ${submissionDate}`);
  }

  const lines: unknown = contract.lines;
  const unknownSkus: string[] = [];
  let linesTotal = 0;
  let linesNumeric = true;
  if (!Array.isArray(lines) || lines.length === 0) {
    problems.push('At least one line is required');
    linesNumeric = false;
  } else {
    lines.forEach((raw: unknown, index) => {
      const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const label = `Line ${index + 1}${isFilled(line.sku) ? ` (${line.sku})` : ''}`;
      if (!isFilled(line.sku)) problems.push(`${label}: SKU is missing`);
      else if (!ctx.products[line.sku]) {
        unknownSkus.push(line.sku);
        problems.push(`${label}: SKU is not in the catalogue`);
      }
      const { quantity, unitPrice, taxRatePercent } = line;
      if (!isFiniteNumber(quantity) || quantity <= 0) problems.push(`${label}: quantity must be greater than 0`);
      if (!isFiniteNumber(unitPrice) || unitPrice < 0) problems.push(`${label}: unit price must be 0 or more`);
      if (!isFiniteNumber(taxRatePercent) || taxRatePercent < 0 || taxRatePercent > 100) {
        problems.push(`${label}: tax rate must be between 0 and 100 percent`);
      }
      if (isFiniteNumber(quantity) && isFiniteNumber(unitPrice)) linesTotal += quantity * unitPrice;
      else linesNumeric = false;
    });
  }

  if (amountValid && linesNumeric && !moneyEquals(contract.amount, linesTotal, amountTolerance)) {
    problems.push(
      `Stated amount ${formatMoney(contract.amount)} does not equal the lines' total ${formatMoney(linesTotal)} (tolerance ${formatMoney(amountTolerance)})`,
    );
  }

  const clauses: unknown = contract.clauses;
  if (!Array.isArray(clauses)) {
    problems.push('Clauses are missing');
  } else {
    const seen = new Set<string>();
    clauses.forEach((raw: unknown, index) => {
      const clause = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (!isFilled(clause.key)) problems.push(`Clause ${index + 1}: key is missing`);
      else if (seen.has(clause.key)) problems.push(`Clause '${clause.key}' appears more than once`);
      else seen.add(clause.key);
      if (!isFilled(clause.text)) problems.push(`Clause ${index + 1}${isFilled(clause.key) ? ` (${clause.key})` : ''}: text is missing`);
    });
  }

  const inputs = {
    amount: contract.amount,
    linesTotal,
    amountTolerance,
    currency: contract.currency,
    allowedCurrencies,
    requestedDeliveryDate: contract.requestedDeliveryDate,
    submissionDate,
    lineCount: Array.isArray(lines) ? lines.length : 0,
    unknownSkus,
  };
  if (problems.length === 0) {
    return {
      outcome: 'approve',
      ruleId: RULE_IDS.intakeCheck,
      reason: `Submission complete and consistent: ${plural(inputs.lineCount, 'line')} totalling ${formatMoney(linesTotal)} ${contract.currency}`,
      inputs,
    };
  }
  return {
    outcome: 'return_to_rep',
    ruleId: RULE_IDS.intakeCheck,
    reason: `${plural(problems.length, 'problem')} to fix: ${problems.join('; ')}`,
    inputs,
    problems,
  };
};
