// A CN customer's registration number must be a Unified Social Credit Code (GB 32100-2015,
// src/domain/customer/uscc.ts); other countries keep the plain length rule. A class-validator
// constraint so the 400 names the field (customer.registrationNumber), the rule (uscc) and which
// part of the code is wrong, with the other field errors of the same body.
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { usccProblem } from '../domain/customer/uscc';

/** The rule name in the 400's field errors. */
export const USCC_RULE = 'uscc';

/** Countries whose registration numbers are USCCs. */
const USCC_COUNTRIES = new Set(['CN']);

/** True when a customer in this country must carry a USCC (the intake normalises those: upper case, half-width). */
export function registrationNumberIsUscc(country: unknown): boolean {
  return typeof country === 'string' && USCC_COUNTRIES.has(country);
}

/** On a registration number whose object has a `country`: when that country uses USCCs, the value must be a valid one. */
export function IsUsccWhereRequired(options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    registerDecorator({
      name: USCC_RULE,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const country = (args.object as { country?: unknown }).country;
          if (!registrationNumberIsUscc(country) || typeof value !== 'string') return true;
          return usccProblem(value) === null;
        },
        defaultMessage(args: ValidationArguments) {
          const problem = typeof args.value === 'string' ? usccProblem(args.value) : null;
          return `${args.property} of a ${String((args.object as { country?: unknown }).country)} customer must be a valid Unified Social Credit Code (GB 32100-2015): ${problem ?? 'not a code'}`;
        },
      },
    });
  };
}
