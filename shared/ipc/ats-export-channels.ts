import { z } from 'zod';
import { atsFileTypes, atsFormats, atsPeriodBases } from '../domain/ats-export';
import { roleTypes } from '../domain/interview';
import { channel } from './channel';

/**
 * Exports for hiring systems without webhooks (issue 21, point 4). One file
 * holds many candidates' names, emails, scores and decisions, meant to
 * leave the device: recruiters and admins, who decide and answer for
 * decisions, may make one; viewers read one interview at a time.
 */
const day = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what} is a date written YYYY-MM-DD, such as 2026-01-31.`);

export const atsExportChannels = {
  'atsExport.make': channel({
    summary:
      'Recruiter/admin: the submitted interviews of a role (or all) completed, or last decided, in a period of whole UTC days, each with its assessment and latest decision, as a CSV or JSON file for a hiring system (standard columns, or Greenhouse’s or Lever’s import columns).',
    access: ['recruiter', 'admin'] as const,
    input: z.strictObject({
      roleType: z.enum([...roleTypes, 'all'], { error: `The role is one of ${roleTypes.join(', ')}, or all.` }),
      from: day('The first day'),
      to: day('The last day'),
      by: z.enum(atsPeriodBases, { error: `The period is by one of ${atsPeriodBases.join(', ')}.` }).default('completed'),
      format: z.enum(atsFormats, { error: `The format is one of ${atsFormats.join(', ')}.` }).default('standard'),
      fileType: z.enum(atsFileTypes, { error: `The file type is one of ${atsFileTypes.join(', ')}.` }),
    }),
    output: z.object({ fileName: z.string(), mediaType: z.enum(['text/csv', 'application/json']), content: z.string(), rows: z.number().int().min(0) }),
  }),
} as const;
