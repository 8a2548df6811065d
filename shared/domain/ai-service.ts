import { z } from 'zod';

/**
 * Why the AI service cannot be used now (issue 19, point 4), as the people
 * at the kiosk need to tell the cases apart:
 *  - offline: this device cannot reach it (connection refused, no DNS);
 *  - outage: it is reached but failing (5xx, timeouts, the circuit breaker, rate limits);
 *  - quota_exhausted: the account is out of credit, which only its owner can fix;
 *  - not_configured: no usable key or address (missing, refused, http://).
 */
export const aiServiceReasons = ['outage', 'offline', 'quota_exhausted', 'not_configured'] as const;
export type AiServiceReason = (typeof aiServiceReasons)[number];

/** What proctors and staff are told about the AI service; the candidate never sees it. */
export const aiServiceStatusSchema = z.object({
  available: z.boolean(),
  /** When the first failure of the current outage happened; null while available. */
  since: z.string().nullable(),
  reason: z.enum(aiServiceReasons).nullable(),
  /** Interviews with answers recorded but still queued (or being) transcribed. */
  waitingInterviews: z.number().int().min(0),
});
export type AiServiceStatus = z.infer<typeof aiServiceStatusSchema>;

/** The admin's "Check again": what one small call to the service found. */
export const aiServiceCheckSchema = z.object({
  ok: z.boolean(),
  /** Why the call failed, in the provider layer's words (safe to show); null when it succeeded. */
  message: z.string().nullable(),
});
export type AiServiceCheck = z.infer<typeof aiServiceCheckSchema>;
