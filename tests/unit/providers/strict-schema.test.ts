import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictResponseFormat } from '../../../src-main/providers/ai/strict-schema';

type Node = Record<string, unknown>;
const schemaOf = (schema: z.ZodType) => strictResponseFormat(schema, 'test_schema').json_schema.schema as Node;
const property = (schema: Node, name: string) => (schema.properties as Record<string, Node>)[name]!;

describe('strictResponseFormat', () => {
  it('moves string lengths, which strict mode refuses, into the description the model reads', () => {
    const schema = schemaOf(z.object({ summary: z.string().min(20).max(2000), title: z.string().max(100).describe('The job title.') }));
    expect(property(schema, 'summary')).toEqual({ type: 'string', description: 'At least 20 characters, at most 2000 characters.' });
    expect(property(schema, 'title')).toEqual({ type: 'string', description: 'The job title. At most 100 characters.' });
  });

  it('keeps what strict mode accepts: array sizes, number bounds, enums, required and closed objects', () => {
    const schema = schemaOf(z.object({ tags: z.array(z.string().max(5)).max(3), score: z.number().min(0).max(100), level: z.enum(['a', 'b']) }));
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['tags', 'score', 'level'] });
    expect(property(schema, 'tags')).toMatchObject({ type: 'array', maxItems: 3, items: { type: 'string', description: 'At most 5 characters.' } });
    expect(property(schema, 'score')).toMatchObject({ type: 'number', minimum: 0, maximum: 100 });
    expect(property(schema, 'level')).toMatchObject({ enum: ['a', 'b'] });
  });

  it('drops formats strict mode does not know (uri) into the description, keeps the ones it does (email)', () => {
    const schema = schemaOf(z.object({ link: z.url(), contact: z.email() }));
    expect(property(schema, 'link')).not.toHaveProperty('format');
    expect(property(schema, 'link').description).toMatch(/A uri\./);
    expect(property(schema, 'contact')).toMatchObject({ format: 'email' });
  });

  it('reaches nested objects, array items and nullable unions, but never treats a property named like a keyword as one', () => {
    const schema = schemaOf(
      z.object({
        roles: z.array(z.object({ title: z.string().max(200), years: z.number().nullable() })),
        note: z.string().max(10).nullable(),
        maxLength: z.number(),
      }),
    );
    const roleItems = property(schema, 'roles').items as Node;
    expect(property(roleItems, 'title')).toEqual({ type: 'string', description: 'At most 200 characters.' });
    expect(JSON.stringify(property(schema, 'note'))).not.toContain('maxLength');
    expect(property(schema, 'maxLength')).toMatchObject({ type: 'number' });
    expect(JSON.stringify(schema)).not.toMatch(/"(minLength|maxLength)":\s*\d/);
  });

  it('sends a plain object, strict, under the given name', () => {
    const format = strictResponseFormat(z.object({ a: z.string() }), 'my_schema');
    expect(JSON.parse(JSON.stringify(format))).toEqual({ type: 'json_schema', json_schema: { name: 'my_schema', strict: true, schema: expect.any(Object) } });
  });
});
