import { z } from 'zod';
import { interviewAuditTrailSchema } from '../domain/audit';
import { channel } from './channel';

/**
 * The AI audit trail (issue 18, point 3): what the AI did for one interview,
 * call by call, and whether the chains those entries belong to still verify.
 * Recruiters and admins, who answer for decisions, may read and export it;
 * viewers and candidates may not.
 */
export const auditChannels = {
  'audit.trail': channel({
    summary: "Recruiter/admin: an interview's AI audit trail (each model call and scoring run, with models, templates, hashes and outcomes) and whether its chains verify.",
    access: ['recruiter', 'admin'] as const,
    input: z.strictObject({ interviewId: z.string().uuid() }),
    output: interviewAuditTrailSchema,
  }),
} as const;
