// Typed access to a step's thresholds. Rules read every number from `step.params`, so a policy
// that forgets one is a configuration bug: fail loudly rather than decide with a default.
import type { StepDefinition } from '../chain/policy.types';

function missing(step: StepDefinition, name: string, expected: string): Error {
  return new Error(`Step ${step.key}: param '${name}' must be ${expected}, got ${JSON.stringify(step.params[name])}`);
}

export function numberParam(step: StepDefinition, name: string): number {
  const value = step.params[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw missing(step, name, 'a number');
  return value;
}

export function stringParam(step: StepDefinition, name: string): string {
  const value = step.params[name];
  if (typeof value !== 'string' || value === '') throw missing(step, name, 'a non-empty string');
  return value;
}

export function stringListParam(step: StepDefinition, name: string): string[] {
  const value = step.params[name];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw missing(step, name, 'a list of strings');
  return value;
}
