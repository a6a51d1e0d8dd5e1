// Customer capture and name screening (issue 15, items 2 and 3), end to end on real servers:
// a CN registration number must be a valid USCC at intake (400 naming the field and the rule); a
// known customer under a variant name and a new number is flagged as a probable duplicate and its
// credit check goes to the credit controller with the existing customer and the score, instead of
// a silent second customer; a denied party under a misspelt alias and a new number goes to
// compliance with the matched entry and the score.
import { customerId, DEMO_CUSTOMERS, userId } from '../../../src/database/seed/demo-organisation';
import { normaliseUscc } from '../../../src/domain/customer/uscc';
import { aContract, CUSTOMERS } from '../../factories/contract.factory';
import { aNewUscc } from '../../factories/uscc.factory';
import { decide, getContract, openTaskFor, settled, step, submit, token } from '../../support/contracts';
import { http, startTestStack, type TestStack } from '../../support/stack';
import { waitFor } from '../../support/wait';

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

const harbour = CUSTOMERS.good; // Shanghai Harbour Logistics Co., Ltd., alias 上海港湾物流有限公司
const harbourId = customerId(harbour.formerRegistrationNumber ?? harbour.registrationNumber);

async function customersNamed(pattern: string) {
  return stack.db.query(`SELECT id, registration_number, created_by_contract_id, probable_duplicate_of, probable_duplicate_score::float AS score FROM customers WHERE name ILIKE $1`, [pattern]);
}

describe('a known customer under a variant name and a new registration number', () => {
  test.each([
    ['typos and no punctuation', 'Shanghai Harbor Logistic Co', harbour.name],
    ['its Chinese name with another legal form', '上海港湾物流股份有限公司', '上海港湾物流有限公司'],
  ])('(%s) is flagged as a probable duplicate and sent to the credit controller with the match', async (_how, name, matchedName) => {
    const registrationNumber = aNewUscc();
    const id = await submit(api, aContract({ title: `Duplicate ${name}`, customer: { name, registrationNumber, country: 'CN' } }));
    const contract = await settled(api, id, stack);

    const capture = step(contract, 'customer_capture');
    expect(capture.status).toBe('auto_approved');
    expect(capture.inputs.customer.probableDuplicate).toMatchObject({ customerId: harbourId, name: harbour.name, registrationNumber: harbour.registrationNumber, matchedName, customerName: name });

    const credit = step(contract, 'credit_check');
    expect(credit.status).toBe('waiting');
    expect(credit.reason).toContain(`Probable duplicate customer: registration number ${registrationNumber} is new, but "${name}" resembles existing customer "${harbour.name}" (${harbour.registrationNumber}; matched "${matchedName}", name score `);
    const score = capture.inputs.customer.probableDuplicate.score as number;
    expect(score).toBeGreaterThanOrEqual(0.88);
    expect(capture.reason).toContain(`its name resembles existing customer ${harbour.name} (${harbour.registrationNumber}, name score ${score.toFixed(3)}): probable duplicate`);
    expect(credit.reason).toContain(`name score ${score.toFixed(3)} ≥ 0.88`);
    expect(openTaskFor(contract, 'credit_check').assignee.id).toBe(userId('carl'));

    // Not silent: the one record created for the new number points at the customer it resembles.
    const [row] = await stack.db.query(`SELECT created_by_contract_id, probable_duplicate_of, probable_duplicate_score::float AS score FROM customers WHERE registration_number = $1`, [registrationNumber]);
    expect(row).toEqual({ created_by_contract_id: id, probable_duplicate_of: harbourId, score });
  });

  test('the known number itself is the known customer: no flag, credit approved automatically', async () => {
    const id = await submit(api, aContract({ title: 'Known customer' }));
    const contract = await settled(api, id, stack);
    expect(step(contract, 'customer_capture').inputs.customer.probableDuplicate).toBeUndefined();
    expect(step(contract, 'credit_check').status).toBe('auto_approved');
    expect(step(contract, 'credit_check').inputs).toMatchObject({ duplicateNameThreshold: 0.88, probableDuplicate: null });
  });

  test('a different company with a similar name is a new customer, not a duplicate', async () => {
    const registrationNumber = aNewUscc();
    const id = await submit(api, aContract({ title: 'Other harbour firm', customer: { name: 'Shanghai Harbour Engineering Co., Ltd.', registrationNumber, country: 'CN' } }));
    const contract = await settled(api, id, stack);
    expect(step(contract, 'customer_capture').inputs.customer.probableDuplicate).toBeUndefined();
    // Still a credit controller task (a new customer has no credit), but not for a duplicate.
    expect(step(contract, 'credit_check').reason).not.toContain('Probable duplicate');
    expect(await customersNamed('Shanghai Harbour Engineering%')).toContainEqual(expect.objectContaining({ registration_number: registrationNumber, probable_duplicate_of: null }));
  });
});

test('a denied party under a misspelt alias and a new registration number goes to compliance with the entry and the score', async () => {
  const name = 'E Star Tradng Co';
  const id = await submit(api, aContract({ title: 'Alias screening', customer: { name, registrationNumber: aNewUscc(), country: 'CN' } }));
  const first = await settled(api, id, stack);
  const credit = openTaskFor(first, 'credit_check');
  expect((await decide(api, stack, credit.id, credit.assignee.id, 'approve')).status).toBe(200);
  const contract = await waitFor(async () => {
    const c = await getContract(api, id);
    return step(c, 'compliance_screening').status === 'waiting' ? settled(api, id, stack) : null;
  }, 'compliance screening to wait on a person');

  const [entry] = await stack.db.query(`SELECT id FROM denied_parties WHERE name = 'Eastern Star Trading Corp.'`);
  const screening = step(contract, 'compliance_screening');
  const match = screening.inputs.nameScreening.matches[0];
  expect(match).toMatchObject({ entryId: entry.id, listedName: 'Eastern Star Trading Corp.', matchedName: 'E-Star Trading', matchedOn: 'alias', customerName: name });
  expect(match.score).toBeGreaterThanOrEqual(0.88);
  expect(match.score).toBeLessThan(1);
  expect(screening.reason).toContain(`Customer name "${name}" resembles alias "E-Star Trading" of denied party "Eastern Star Trading Corp." (customer_registry list, entry ${entry.id}; name score ${match.score.toFixed(3)} ≥ 0.88)`);
  expect(openTaskFor(contract, 'compliance_screening').assignee.id).toBe(userId('cora'));
});

describe('USCC at intake', () => {
  const withCode = (registrationNumber: string, country = 'CN') => aContract({ customer: { name: 'Intake Check Co., Ltd.', registrationNumber, country } });

  test.each([
    ['a wrong check character', '91310000MA1FL0007D', /position 18 'D' is not the check character \(expected 'C'\)/],
    ['the demo code from before the check (wrong organisation-code check character)', '91310000MA1FL0001X', /position 17 '1' is not the organisation code's check character/],
    ['a letter the code does not use', '91310000MO1FL0007C', /character 'O' at position 10 is not allowed/],
    ['the wrong length', '9131000MA1FL0007C', /must be 18 characters/],
  ])('a CN customer with %s gets a 400 naming customer.registrationNumber and the rule', async (_why, code, message) => {
    const res = await api('POST', '/api/contracts', { token: token('alice'), body: withCode(code) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'customer.registrationNumber', rule: 'uscc', message: expect.stringMatching(message) }]);
    expect(res.body.errors[0].message).toMatch(/^customer\.registrationNumber of a CN customer must be a valid Unified Social Credit Code/);
  });

  test('lower-case and full-width codes are accepted and stored upper-cased, half-width', async () => {
    const code = aNewUscc();
    const fullWidth = [...code.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const id = await submit(api, withCode(fullWidth));
    expect(normaliseUscc(fullWidth)).toBe(code);
    expect((await getContract(api, id)).customer.registrationNumber).toBe(code);
  });

  test('other countries keep their own numbers', async () => {
    const foreign = DEMO_CUSTOMERS.find((c) => c.country === 'DE')!;
    const res = await api('POST', '/api/contracts', { token: token('alice'), body: withCode(`HRB-${Date.now()}`, foreign.country) });
    expect(res.status).toBe(201);
  });

  test('a revision that changes the customer to an invalid CN code gets the same 400', async () => {
    const id = await submit(api, aContract({ title: 'Revise me' }));
    const res = await api('POST', `/api/contracts/${id}/revisions`, {
      token: token('alice'),
      body: { customer: { name: harbour.name, registrationNumber: '91310000MA1FL0001X', country: 'CN' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'customer.registrationNumber', rule: 'uscc' }));
  });
});
