import { z } from 'zod';

/** One setting an interview ran with that the nearest approved configuration does not have, in words. */
export const configurationDifferenceSchema = z.object({
  setting: z.string(),
  approved: z.string(),
  actual: z.string(),
});
export type ConfigurationDifference = z.infer<typeof configurationDifferenceSchema>;

/**
 * The recruiter's proof of configuration for one interview (issue 17): did
 * the kiosk's signed attestation verify, and was the configuration one IT
 * approved (or what differed from the nearest approved one).
 */
export const configurationProofSchema = z.object({
  /** SHA-256 of what governed the sitting; null when none was recorded (an interview from before this was built). */
  configurationKey: z.string().nullable(),
  /** verified: signed by the kiosk's registered key over a server challenge; missing: not attested yet; invalid: does not verify. */
  attestation: z.enum(['verified', 'missing', 'invalid', 'not_recorded']),
  approval: z.enum(['approved', 'differs', 'none_approved', 'not_recorded']),
  /** What differed from the nearest approved configuration (approval 'differs'). */
  differences: z.array(configurationDifferenceSchema),
  /** IT's note on the approval that matched. */
  approvedNote: z.string().nullable(),
});
export type ConfigurationProof = z.infer<typeof configurationProofSchema>;
