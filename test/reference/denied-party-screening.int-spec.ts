// Denied-party screening by name, end to end on real servers: a listed company that comes back
// under a new registration number — in capitals with another legal form, or under its Chinese
// alias with a longer legal form — is found by customer capture and sent to a compliance
// officer, with the match explained on the step; an unlisted new customer is not.
import { randomBytes } from 'node:crypto';
import { userId } from '../../src/database/seed/demo-organisation';
import { aContract } from '../factories/contract.factory';
import { aNewUscc } from '../factories/uscc.factory';
import { decide, getContract, openTaskFor, settled, step, submit } from '../support/contracts';
import { http, startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

const newRegistrationNumber = aNewUscc;

/** Submits for a customer the registry has never seen; credit control approves its (zero) credit limit. */
async function submitFor(name: string) {
  const registrationNumber = newRegistrationNumber();
  const id = await submit(api, aContract({ title: `Screening ${name}`, customer: { name, registrationNumber, country: 'CN' } }));
  const credit = openTaskFor(await settled(api, id, stack), 'credit_check');
  expect((await decide(api, stack, credit.id, credit.assignee.id, 'approve')).status).toBe(200);
  await settled(api, id, stack);
  return { id, registrationNumber, contract: await waitForStep(id, 'compliance_screening') };
}

/** The contract once the step has left pending (the credit decision's effects are asynchronous). */
async function waitForStep(id: string, key: string) {
  return waitFor(async () => {
    const c = await getContract(api, id);
    return step(c, key).status !== 'pending' && step(c, key).status !== 'in_progress' ? settled(api, id, stack) : null;
  }, `${key} of ${id} to be decided or waiting`);
}

test.each([
  ['its name in capitals with another legal form', 'EASTERN STAR TRADING CO., LTD.', 'Eastern Star Trading Corp.', 'name'],
  ['its Chinese alias with a longer legal form', '东星贸易股份有限公司', '东星贸易有限公司', 'alias'],
  ['full-width letters and a Chinese legal form', 'ＥＡＳＴＥＲＮ　ＳＴＡＲ　ＴＲＡＤＩＮＧ有限公司', 'Eastern Star Trading Corp.', 'name'],
])('a listed company under a new registration number and %s gets a compliance task', async (_how, name, matchedName, matchedOn) => {
  const { id, registrationNumber, contract } = await submitFor(name);
  // The registry knows nothing of this number: capture created a fresh, unflagged record.
  const [customer] = await stack.db.query(`SELECT denied_party, created_by_contract_id FROM customers WHERE registration_number = $1`, [registrationNumber]);
  expect(customer).toEqual({ denied_party: false, created_by_contract_id: id });

  const screening = step(contract, 'compliance_screening');
  expect(screening.status).toBe('waiting');
  expect(screening.reason).toContain(`Customer name "${name}" matches`);
  expect(screening.reason).toContain(`"${matchedName}"`);
  expect(screening.inputs.nameScreening.matches).toEqual([
    expect.objectContaining({ listedName: 'Eastern Star Trading Corp.', matchedName, matchedOn, customerName: name }),
  ]);
  const task = openTaskFor(contract, 'compliance_screening');
  expect(task.assignee.id).toBe(userId('cora'));
});

test('a new customer whose name is on no list passes compliance screening automatically, saying the name was screened', async () => {
  const { contract } = await submitFor(`Harbour Newco ${randomBytes(3).toString('hex')} Co., Ltd.`);
  const screening = step(contract, 'compliance_screening');
  expect(screening.status).toBe('auto_approved');
  expect(screening.reason).toBe('Customer is not a denied party (registration number and name screened, no name score ≥ 0.88); no personal data involved');
  expect(screening.inputs.nameScreening.matches).toEqual([]);
});
