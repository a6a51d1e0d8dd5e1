// The OpenAPI document states what the global edge checks enforce, so generated clients and
// fuzzers (schemathesis in `npm run fuzz`) produce what the API accepts: every free-text string
// gets the no-control-characters pattern of input-safety.ts, and the Idempotency-Key header its
// bounds. DTO-specific bounds (min/max, maxLength, patterns) are stated on the DTOs themselves.
import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN } from './input-safety.interceptor';
import { TEXT_PATTERN } from './input-safety';

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null;
}

/** A string schema with no pattern, enum or format of its own is free text. */
function constrainText(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(constrainText);
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'string' && node.pattern === undefined && node.enum === undefined && node.format === undefined) {
    node.pattern = TEXT_PATTERN;
  }
  for (const [key, child] of Object.entries(node)) {
    // Examples and defaults are data, not schemas.
    if (key !== 'example' && key !== 'examples' && key !== 'default') constrainText(child);
  }
}

export function hardenOpenApiDocument(doc: OpenAPIObject): OpenAPIObject {
  constrainText(doc.paths);
  if (doc.components?.schemas) constrainText(doc.components.schemas);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Node)) {
      if (!isNode(op) || !Array.isArray(op.parameters)) continue;
      for (const p of op.parameters as Node[]) {
        if (p.in === 'header' && typeof p.name === 'string' && p.name.toLowerCase() === IDEMPOTENCY_KEY_HEADER.toLowerCase()) {
          p.schema = { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: IDEMPOTENCY_KEY_PATTERN };
        }
      }
    }
  }
  return doc;
}
