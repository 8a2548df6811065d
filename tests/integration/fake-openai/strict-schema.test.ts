import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkStrictSchema, strictSchemaLimits, strictSchemaProblems } from '../../fixtures/fake-openai';

/** A strict-valid object schema around the given properties. */
const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const zodSchema = (schema: z.ZodType) => zodResponseFormat(schema, 'x').json_schema.schema;

describe('strictSchemaProblems: the Structured Outputs strict subset', () => {
  it('finds nothing wrong with the schemas zodResponseFormat builds from supported zod', () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({ name: z.string(), get children() { return z.array(Node); } });
    const schemas = [
      z.object({ score: z.number().int().min(0).max(10), rationale: z.string() }),
      z.object({ id: z.uuid(), at: z.iso.datetime(), day: z.iso.date(), mail: z.email(), code: z.string().regex(/^[A-Z]{3}$/) }),
      z.object({ tags: z.array(z.enum(['a', 'b'])).min(1).max(3), maybe: z.string().nullable(), either: z.union([z.string(), z.number()]) }),
      z.object({ nested: z.object({ deeper: z.object({ value: z.boolean() }) }), literal: z.literal('fixed') }),
      z.object({ tree: Node }),
    ];
    for (const schema of schemas) expect(strictSchemaProblems(zodSchema(schema))).toEqual([]);
  });

  it.each([
    ['minLength', { type: 'string', minLength: 1 }],
    ['maxLength', { type: 'string', maxLength: 5 }],
    ['allOf', { allOf: [{ type: 'string' }] }],
    ['not', { type: 'string', not: { const: 'x' } }],
    ['if', { type: 'string', if: { const: 'a' }, then: { const: 'a' }, else: { const: 'b' } }],
    ['patternProperties', { ...object({}), patternProperties: { '^a': { type: 'string' } } }],
    ['unevaluatedProperties', { ...object({}), unevaluatedProperties: false }],
    ['propertyNames', { ...object({}), propertyNames: { pattern: '^a' } }],
    ['minProperties', { ...object({}), minProperties: 1 }],
    ['maxProperties', { ...object({}), maxProperties: 1 }],
    ['dependentRequired', { ...object({}), dependentRequired: {} }],
    ['dependentSchemas', { ...object({}), dependentSchemas: {} }],
    ['uniqueItems', { type: 'array', items: { type: 'string' }, uniqueItems: true }],
    ['contains', { type: 'array', items: { type: 'string' }, contains: { const: 'a' } }],
    ['prefixItems', { type: 'array', items: { type: 'string' }, prefixItems: [{ type: 'string' }] }],
  ])("refuses '%s'", (keyword, property) => {
    expect(strictSchemaProblems(object({ field: property }))).toContain(`In context=('properties', 'field'), '${keyword}' is not permitted.`);
  });

  it('refuses a format outside the supported list (zod .url() sends uri)', () => {
    expect(strictSchemaProblems(zodSchema(z.object({ site: z.url() })))).toEqual([
      "In context=('properties', 'site'), 'uri' is not a valid format. Supported formats are: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid.",
    ]);
  });

  it('requires additionalProperties: false on every object: root, nested, in items, in anyOf and in $defs', () => {
    const open = { type: 'object', properties: { v: { type: 'string' } }, required: ['v'] };
    const schema = {
      ...object({ nested: open, list: { type: 'array', items: open }, either: { anyOf: [open, { type: 'null' }] }, ref: { $ref: '#/$defs/Open' } }),
      $defs: { Open: open },
    };
    delete (schema as { additionalProperties?: boolean }).additionalProperties;
    const rule = "'additionalProperties' is required to be supplied and to be false.";
    expect(strictSchemaProblems(schema)).toEqual([
      `In context=(), ${rule}`,
      `In context=('properties', 'nested'), ${rule}`,
      `In context=('properties', 'list', 'items'), ${rule}`,
      `In context=('properties', 'either', 'anyOf', '0'), ${rule}`,
      `In context=('$defs', 'Open'), ${rule}`,
    ]);
  });

  it('requires every property to be listed in required, and no others', () => {
    const rule = "In context=('properties', 'inner'), 'required' is required to be supplied and to be an array including every key in properties.";
    expect(strictSchemaProblems(object({ inner: { ...object({ a: { type: 'string' }, b: { type: 'number' } }), required: ['a'] } }))).toEqual([`${rule} Missing 'b'.`]);
    expect(strictSchemaProblems(object({ inner: { ...object({ a: { type: 'string' } }), required: ['a', 'c'] } }))).toEqual([`${rule} Extra required key 'c' supplied.`]);
  });

  it('refuses a root that is not an object, or is anyOf', () => {
    expect(strictSchemaProblems({ type: 'array', items: { type: 'string' } })).toEqual([`schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`]);
    expect(strictSchemaProblems({ anyOf: [object({})] })).toEqual([`schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`]);
  });

  it('refuses a property without a type, an array without items, an unknown type and a dangling $ref', () => {
    expect(strictSchemaProblems(object({ a: { description: 'anything' } }))).toEqual(["In context=('properties', 'a'), schema must have a 'type' key."]);
    expect(strictSchemaProblems(object({ a: { type: 'array' } }))).toEqual(["In context=('properties', 'a'), array schema missing items."]);
    expect(strictSchemaProblems(object({ a: { type: 'date' } }))).toEqual(["In context=('properties', 'a'), type 'date' is not supported."]);
    expect(strictSchemaProblems(object({ a: { $ref: '#/$defs/Missing' } }))).toEqual([
      "In context=('properties', 'a'), reference to component '#/$defs/Missing' which was not found in the schema.",
    ]);
  });

  it('accepts type arrays with null, const, enum, definitions and recursion to the root', () => {
    const schema = {
      ...object({ a: { type: ['string', 'null'] }, b: { const: 'x' }, c: { enum: [1, 2] }, d: { $ref: '#/definitions/D' }, self: { anyOf: [{ $ref: '#' }, { type: 'null' }] } }),
      definitions: { D: object({ e: { type: 'integer', multipleOf: 2, exclusiveMinimum: 0 } }) },
    };
    expect(strictSchemaProblems(schema)).toEqual([]);
  });
});

describe('strictSchemaProblems: size limits (Structured Outputs guide, "Limitations")', () => {
  const manyProperties = (count: number) => object(Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, { type: 'string' }])));

  it(`allows ${strictSchemaLimits.maxObjectProperties} object properties in total, not one more`, () => {
    expect(strictSchemaProblems(manyProperties(5000))).toEqual([]);
    expect(strictSchemaProblems(manyProperties(5001))).toEqual(['The schema has 5001 object properties; at most 5000 are permitted.']);
  });

  it(`allows ${strictSchemaLimits.maxNestingDepth} levels of object nesting, not 11`, () => {
    const nest = (levels: number): object => (levels === 1 ? object({ leaf: { type: 'string' } }) : object({ child: nest(levels - 1) }));
    expect(strictSchemaProblems(nest(10))).toEqual([]);
    const problems = strictSchemaProblems(nest(11));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/nested 11 objects deep; at most 10 levels of nesting are permitted/);
  });

  it('allows 1000 enum values across the schema, not 1001', () => {
    const values = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    expect(strictSchemaProblems(object({ a: { enum: values(500, 'a') }, b: { enum: values(500, 'b') } }))).toEqual([]);
    expect(strictSchemaProblems(object({ a: { enum: values(500, 'a') }, b: { enum: values(501, 'b') } }))).toEqual([
      'The schema has 1001 enum values; at most 1000 are permitted across all enum properties.',
    ]);
  });

  it('caps a string enum of more than 250 values at 15,000 characters', () => {
    const values = (n: number, length: number) => Array.from({ length: n }, (_, i) => String(i).padStart(length, 'v'));
    expect(strictSchemaProblems(object({ a: { type: 'string', enum: values(250, 70) } }))).toEqual([]); // 17,500 chars but only 250 values
    expect(strictSchemaProblems(object({ a: { type: 'string', enum: values(251, 59) } }))).toEqual([]); // 14,809 chars
    expect(strictSchemaProblems(object({ a: { type: 'string', enum: values(251, 60) } }))[0]).toMatch(
      /an enum with more than 250 string values may total at most 15000 characters; this one has 251 values totalling 15060/,
    );
  });

  it('caps property names, definition names, enum and const values at 120,000 characters in total', () => {
    const longNames = (n: number, length: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i).padStart(length, 'k'), { type: 'string' }]));
    expect(strictSchemaProblems(object({ ...longNames(100, 1000), c: { const: 'x'.repeat(19_999) } }))).toEqual([]); // 100,000 + 1 + 19,999
    expect(strictSchemaProblems(object({ ...longNames(100, 1000), c: { const: 'x'.repeat(20_000) } }))).toEqual([
      'The total string length of property names, definition names, enum values and const values is 120001; at most 120000 is permitted.',
    ]);
  });
});

describe('checkStrictSchema', () => {
  it("builds the real API's refusal: 400, invalid_request_error, param response_format, code null", () => {
    expect(checkStrictSchema('answer', object({ a: { type: 'string', maxLength: 3 } }))).toEqual({
      status: 400,
      body: {
        error: {
          message: "Invalid schema for response_format 'answer': In context=('properties', 'a'), 'maxLength' is not permitted.",
          type: 'invalid_request_error',
          param: 'response_format',
          code: null,
        },
      },
    });
    expect(checkStrictSchema('answer', object({ a: { type: 'string' } }))).toBeUndefined();
  });
});
