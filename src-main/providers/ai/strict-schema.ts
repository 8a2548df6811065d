import { zodResponseFormat } from 'openai/helpers/zod';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import type { z } from 'zod';

/*
 * Strict structured outputs accept only a subset of JSON Schema (Structured
 * Outputs guide, "Supported schemas"): for strings `pattern` and `format`
 * (from a fixed list of formats), for numbers the bounds and `multipleOf`,
 * for arrays `minItems`/`maxItems`. Anything else is a 400 for the whole
 * request. Our zod schemas keep their length limits, because a reply is
 * checked against the full zod schema after parsing (a reply that breaks
 * one is asked for again); the schema sent to the model moves what strict
 * mode refuses into the description, where the model still reads it.
 */
const MOVED_TO_DESCRIPTION: Record<string, (value: unknown) => string> = {
  minLength: (value) => `at least ${String(value)} characters`,
  maxLength: (value) => `at most ${String(value)} characters`,
};

/** The `format` values strict mode accepts. */
const STRICT_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

type JsonSchema = Record<string, unknown>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites one schema node in place, then its children. */
function strictify(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) strictify(child);
    return;
  }
  if (!isSchema(node)) return;
  const notes: string[] = [];
  for (const [keyword, describe] of Object.entries(MOVED_TO_DESCRIPTION)) {
    if (keyword in node) {
      notes.push(describe(node[keyword]));
      delete node[keyword];
    }
  }
  if (typeof node.format === 'string' && !STRICT_FORMATS.has(node.format)) {
    notes.push(`a ${node.format}`);
    delete node.format;
  }
  if (notes.length > 0) {
    const said = typeof node.description === 'string' && node.description.trim() ? `${node.description.trim().replace(/\.$/, '')}. ` : '';
    node.description = `${said}${capitalise(notes.join(', '))}.`;
  }
  for (const [key, child] of Object.entries(node)) {
    // `properties`, `$defs` and `definitions` map names to schemas; a property may be called "maxLength".
    if (key === 'properties' || key === '$defs' || key === 'definitions') {
      if (isSchema(child)) for (const value of Object.values(child)) strictify(value);
    } else if (key !== 'enum' && key !== 'const' && key !== 'required' && key !== 'default') {
      strictify(child);
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The `response_format` for a zod schema: the SDK's strict conversion
 * (every property required, objects closed), with what strict mode refuses
 * moved into descriptions. Throws when the SDK cannot express the schema at
 * all (an optional field that is not nullable, say).
 */
export function strictResponseFormat(schema: z.ZodType, name: string): ResponseFormatJSONSchema {
  const converted = zodResponseFormat(schema, name).json_schema;
  const wire = structuredClone(converted.schema ?? {});
  strictify(wire);
  return { type: 'json_schema', json_schema: { name: converted.name, strict: true, schema: wire } };
}
