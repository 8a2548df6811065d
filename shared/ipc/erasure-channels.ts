import { z } from 'zod';
import { emailSchema } from '../domain/account-rules';
import { erasureReceiptSchema } from '../domain/erasure';
import { channel } from './channel';

/**
 * A candidate's erasure (issue 18, point 4): an admin on any device asks for
 * a candidate they found by email and confirm by typing that email again; a
 * candidate asks for themself at a kiosk. Main removes the data on this
 * device at once, every other device and the hosted database at their next
 * sync, and the receipt shows who asked, when, and what each removed.
 */

const admin = ['admin'] as const;
const receipt = erasureReceiptSchema;

export const erasureChannels = {
  'erasure.findCandidate': channel({
    summary: 'Admin: the candidate with this email on this device (their id, name and how many interviews and resumes it holds), to erase.',
    access: admin,
    input: z.strictObject({ email: emailSchema }),
    output: z.object({
      candidate: z.object({ id: z.string(), fullName: z.string(), email: z.string(), interviews: z.number().int(), resumes: z.number().int() }).nullable(),
    }),
  }),
  'erasure.request': channel({
    summary:
      'Admin: erase a candidate’s recordings, transcripts, resumes, assessments and identity from every device and the hosted database. confirmEmail must be the candidate’s email, typed again. Answers the receipt.',
    access: admin,
    input: z.strictObject({ candidateId: z.string().uuid(), confirmEmail: z.string().max(320) }),
    output: receipt,
  }),
  'erasure.requestMine': channel({
    summary: 'Candidate at a kiosk: erase everything they gave (recordings, transcripts, resume, assessment, identity). Signs them out. Answers the receipt.',
    access: ['candidate'],
    input: z.strictObject({ confirm: z.literal(true) }),
    output: receipt,
  }),
  'erasure.receipts': channel({
    summary: 'Admin: erasure receipts, newest first: who asked, when, what each device and the hosted database removed. No names or content.',
    access: admin,
    input: z.strictObject({}),
    output: z.object({ receipts: z.array(receipt) }),
  }),
} as const;
