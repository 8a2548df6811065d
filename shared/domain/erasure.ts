import { z } from 'zod';

/**
 * Retention and erasure (issue 18, point 4). What a candidate's data is made
 * of, in the kinds IT sets retention for and an erasure removes. Identity
 * (name, email, phone, password) is removed by an erasure only: retention
 * keeps the person and their scores while old recordings go.
 */
export const dataKinds = ['recordings', 'transcripts', 'resumes', 'assessments'] as const;
export type DataKind = (typeof dataKinds)[number];

/** What an erasure removes: every kind, and the identity. */
export const erasedKinds = [...dataKinds, 'identity'] as const;
export type ErasedKind = (typeof erasedKinds)[number];

/** Who asked: an admin (on any device, named by staff id) or the candidate themself at a kiosk. */
export const erasureRequesters = ['admin', 'candidate'] as const;
export type ErasureRequester = (typeof erasureRequesters)[number];

/** How many rows or files of each kind one device (or the hosted database) removed: counts, never content. */
export const removedCountsSchema = z.object(Object.fromEntries(erasedKinds.map((kind) => [kind, z.number().int().min(0)])) as Record<ErasedKind, z.ZodNumber>);
export type RemovedCounts = z.infer<typeof removedCountsSchema>;

export function noneRemoved(): RemovedCounts {
  return { recordings: 0, transcripts: 0, resumes: 0, assessments: 0, identity: 0 };
}

/** The device name the hosted database confirms under (its own confirmation row). */
export const HOSTED_DATABASE_DEVICE = 'hosted-database';

export const erasureConfirmationSchema = z.object({
  deviceId: z.string(),
  confirmedAt: z.string(),
  removed: removedCountsSchema,
});

/** The receipt: who asked, when, what was removed where. No name, email or content. */
export const erasureReceiptSchema = z.object({
  requestId: z.string(),
  candidateId: z.string(),
  requestedBy: z.enum(erasureRequesters),
  /** The admin's staff id; null when the candidate asked. */
  requestedByStaffId: z.string().nullable(),
  requestedAt: z.string(),
  /** The install the request was made on. */
  requestedOn: z.string(),
  kinds: z.array(z.enum(erasedKinds)),
  confirmations: z.array(erasureConfirmationSchema),
});
export type ErasureReceipt = z.infer<typeof erasureReceiptSchema>;
