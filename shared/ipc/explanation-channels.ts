import { z } from 'zod';
import { explanationPackSchema, packStatusSchema } from '../domain/explanation-pack';
import { channel } from './channel';

/**
 * The candidate's access and explanation pack (issue 18, point 5).
 * Recruiters and admins prepare it (to read, save, or hand over), and
 * approve it, which queues its email; nothing sends a pack unapproved.
 * Viewers see only whether it was approved and sent.
 */
const id = z.string().uuid();
const deciders = ['recruiter', 'admin'] as const;

export const explanationChannels = {
  'explanationPack.prepare': channel({
    summary: 'Recruiter/admin: the explanation pack of one interview as it stands now: its content, its PDF and JSON files, and where its approval and email are.',
    access: deciders,
    input: z.strictObject({ interviewId: id }),
    output: z.object({
      pack: explanationPackSchema,
      status: packStatusSchema,
      pdf: z.object({ fileName: z.string(), base64: z.string() }),
      json: z.object({ fileName: z.string(), text: z.string() }),
    }),
  }),
  'explanationPack.exportArchive': channel({
    summary: 'Recruiter/admin: the pack as one ZIP to save or hand over: its PDF, its JSON and every recording of the candidate’s answers (base64).',
    access: deciders,
    input: z.strictObject({ interviewId: id }),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  }),
  'explanationPack.status': channel({
    summary: 'Staff: whether an interview’s explanation pack was approved (by whom, when) and whether its email was sent.',
    access: ['recruiter', 'admin', 'viewer'] as const,
    input: z.strictObject({ interviewId: id }),
    output: packStatusSchema,
  }),
  'explanationPack.approve': channel({
    summary:
      'Recruiter/admin: approve the pack with this content hash (the one just prepared and read) and queue its email to the candidate. Refused when the record changed since it was prepared.',
    access: deciders,
    input: z.strictObject({ interviewId: id, contentSha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'The pack’s content hash is 64 hex characters: prepare the pack first.' }) }),
    output: packStatusSchema,
  }),
} as const;
