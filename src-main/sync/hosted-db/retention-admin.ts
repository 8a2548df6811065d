import type { DataKind } from '../../../shared/domain/erasure';
import { withPgClient } from './pg-client';

/** Days each kind is kept on the hosted database; null (or absent) keeps it. */
export type RetentionDays = Partial<Record<DataKind, number | null>>;

/**
 * IT's retention on the hosted database (sync_admin.apply_retention,
 * migrations/postgres/functions/86_retention.sql): empties each kind older
 * than its period, and answers how many rows of each it emptied.
 */
export async function applyRetention(url: string, days: RetentionDays): Promise<Partial<Record<DataKind, number>>> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ r: Partial<Record<DataKind, number>> }>('SELECT sync_admin.apply_retention($1, $2, $3, $4) AS r', [
      days.recordings ?? null,
      days.transcripts ?? null,
      days.resumes ?? null,
      days.assessments ?? null,
    ]);
    return rows[0]!.r;
  });
}
