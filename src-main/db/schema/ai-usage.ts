import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { interviews } from './interviews';

/** The three OpenAI endpoints the app calls. */
export const aiEndpoints = ['chat', 'transcription', 'speech'] as const;
export type AiEndpoint = (typeof aiEndpoints)[number];

export const aiCallOutcomes = ['ok', 'error'] as const;
export type AiCallOutcome = (typeof aiCallOutcomes)[number];

/**
 * One row per provider call (its retries included): what it used and cost,
 * so a recruiter or finance can see where the money went. Synced, because
 * the hosted side bills and reports across devices.
 */
export const aiUsage = sqliteTable(
  'ai_usage',
  {
    ...syncColumns(),
    // Null for calls outside an interview (resume parsing, a connection test).
    interviewId: text('interview_id').references(() => interviews.id, { onDelete: 'cascade' }),
    // Not CHECKed: a new feature that calls the provider must not need a table rebuild.
    task: text('task').notNull(),
    endpoint: text('endpoint', { enum: aiEndpoints }).notNull(),
    model: text('model').notNull(),
    // Every input token, cached ones included.
    promptTokens: integer('prompt_tokens').notNull().default(0),
    // Every output token, reasoning included.
    completionTokens: integer('completion_tokens').notNull().default(0),
    audioSeconds: real('audio_seconds'),
    characters: integer('characters'),
    latencyMs: integer('latency_ms').notNull(),
    // 0 and meaningless when price_known is false: never shown or summed as $0.
    costUsd: real('cost_usd').notNull().default(0),
    outcome: text('outcome', { enum: aiCallOutcomes }).notNull(),
    // A ProviderError kind, 'cancelled' (the caller aborted) or 'internal'; text, so a new kind needs no rebuild either.
    errorKind: text('error_kind'),
    /*
     * Added by migration 0005, after the table was made. Not in
     * ai_usage_counts_check (>= 0): widening a CHECK makes drizzle-kit
     * rebuild the table, which is what the "known drizzle trap" in
     * open-database.ts warns about; ADD COLUMN is all SQLite can do in
     * place. The repository writes only the provider's non-negative counts.
     */
    // Part of prompt_tokens: served from the provider's prompt cache, billed at a discount.
    cachedPromptTokens: integer('cached_prompt_tokens').notNull().default(0),
    // Part of completion_tokens: a reasoning model's hidden tokens.
    reasoningTokens: integer('reasoning_tokens').notNull().default(0),
    // False when no price was known for the model: cost_usd is then unknown, not zero. Rows from
    // before 0005 default to true: the app then recorded an unknown price as $0 and kept no note of it.
    priceKnown: integer('price_known', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('idx_ai_usage_interview_id').on(t.interviewId),
    index('idx_ai_usage_created_at').on(t.createdAt),
    check('ai_usage_endpoint_check', oneOf('endpoint', aiEndpoints)),
    check('ai_usage_outcome_check', oneOf('outcome', aiCallOutcomes)),
    check('ai_usage_task_check', sql.raw('length("task") BETWEEN 1 AND 64')),
    check(
      'ai_usage_counts_check',
      sql.raw(
        '"prompt_tokens" >= 0 AND "completion_tokens" >= 0 AND "latency_ms" >= 0 AND "cost_usd" >= 0 ' +
          'AND ("audio_seconds" IS NULL OR "audio_seconds" >= 0) AND ("characters" IS NULL OR "characters" >= 0)',
      ),
    ),
    check(
      'ai_usage_error_kind_check',
      sql.raw(`("outcome" = 'ok' AND "error_kind" IS NULL) OR ("outcome" = 'error' AND length("error_kind") BETWEEN 1 AND 64)`),
    ),
    rowVersionCheck('ai_usage'),
  ],
);
