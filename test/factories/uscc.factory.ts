// Valid Unified Social Credit Codes for tests that need a customer the registry does not know:
// a CN registration number must pass GB 32100-2015 at intake (src/domain/customer/uscc.ts).
import { randomBytes } from 'node:crypto';
import { buildUscc, USCC_CHARSET } from '../../src/domain/customer/uscc';

/** A fresh, valid code of a Shanghai enterprise (random organisation body, both check characters computed). */
export function aNewUscc(division = '310000'): string {
  const body = [...randomBytes(8)].map((b) => USCC_CHARSET[b % 31]).join('');
  return buildUscc({ authorityAndCategory: '91', division, organisationBody: body });
}
