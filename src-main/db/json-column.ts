import { customType } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';
import { JsonColumnError } from './errors';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * A TEXT column holding JSON, checked against `schema` both ways: a bad value
 * never reaches the disk, and a bad stored value (older app version, hand
 * edit, sync from a buggy peer) fails loudly instead of flowing on as `any`.
 * Drizzle skips the mapping for SQL NULL, so nullability stays the column's.
 *
 * The table name is repeated here because drizzle does not tell a custom
 * type which table it belongs to, and the error must name it.
 */
export function jsonText<S extends z.ZodType>(table: string, column: string, schema: S) {
  return customType<{ data: z.output<S>; driverData: string }>({
    dataType: () => 'text',
    toDriver(value) {
      const result = schema.safeParse(value);
      if (!result.success) throw new JsonColumnError(table, column, 'write', describeIssues(result.error));
      return JSON.stringify(result.data);
    },
    fromDriver(text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (cause) {
        throw new JsonColumnError(table, column, 'read', 'not valid JSON', { cause });
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw new JsonColumnError(table, column, 'read', describeIssues(result.error));
      return result.data;
    },
  })(column);
}
