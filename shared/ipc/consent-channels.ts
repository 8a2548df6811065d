import { z } from 'zod';
import { consentChoices, noticeLanguages, noticeViewSchema } from '../domain/consent';
import { channel } from './channel';

/**
 * Notice and consent before the AI interview (issue 18, point 1). The
 * candidate reads the current notice (`consent.notice`) and answers it
 * (`consent.answer`), naming the version and hash they were shown. Until
 * their newest answer to the current notice is consent, main refuses every
 * call that carries or records their voice or words (CONSENT_NEEDED).
 */

const candidate = ['candidate'] as const;
/** Everyone who follows up a request: staff on laptops, and the proctor at the kiosk. */
const followingUp = ['recruiter', 'admin', 'viewer', 'proctor'] as const;

const answerSchema = z.object({ choice: z.enum(consentChoices), answeredAt: z.string() });
const noticeStatus = z.object({
  notice: noticeViewSchema,
  /** Their newest answer to this notice (version and text), or null: a new notice asks again. */
  answer: answerSchema.nullable(),
});

export const consentFollowUpSchema = z.object({
  id: z.string(),
  candidateId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  choice: z.enum(['decline', 'accommodation']),
  answeredAt: z.string(),
  kioskId: z.string(),
});
export type ConsentFollowUpView = z.infer<typeof consentFollowUpSchema>;

export const consentChannels = {
  'consent.notice': channel({
    summary: 'Candidate: the current notice about the AI interview in their language, and their answer to it if they gave one.',
    access: candidate,
    input: z.strictObject({ language: z.enum(noticeLanguages).default('en') }),
    output: noticeStatus,
  }),
  'consent.answer': channel({
    summary:
      'Candidate: answer the notice they were shown (its version and SHA-256): consent, ask for an accommodation, or decline and ask for an interview with a person. Refused if the notice changed meanwhile.',
    access: candidate,
    input: z.strictObject({
      language: z.enum(noticeLanguages),
      noticeVersion: z.string().regex(/^v[1-9]\d{0,5}$/, 'A notice version looks like v1.'),
      noticeSha256: z.string().regex(/^[0-9a-f]{64}$/, 'A notice hash is 64 hexadecimal characters.'),
      choice: z.enum(consentChoices, { error: `Choose one of ${consentChoices.join(', ')}.` }),
    }),
    output: noticeStatus,
  }),
  'consent.followUps': channel({
    summary: 'Staff and proctors: candidates who declined the AI interview or asked for an accommodation and have not agreed since, newest first.',
    access: followingUp,
    input: z.strictObject({}),
    output: z.object({ requests: z.array(consentFollowUpSchema) }),
  }),
} as const;
