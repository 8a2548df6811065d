import { z } from 'zod';
import { aiServiceCheckSchema, aiServiceStatusSchema } from '../domain/ai-service';
import { channel, event } from './channel';

/**
 * The AI service's status for the people who run the kiosk (issue 19,
 * point 4): proctors at the kiosk, recruiters and admins on the staff
 * screens. Never candidates: their interview carries on from the question
 * bank without a word about any service.
 */

const noInput = z.strictObject({});

export const aiServiceChannels = {
  'aiService.status': channel({
    summary: 'Proctor/recruiter/admin: whether the AI service answers, since when it has not and why, and how many interviews wait for transcription.',
    access: ['proctor', 'recruiter', 'admin'],
    input: noInput,
    output: aiServiceStatusSchema,
  }),
  'aiService.checkAgain': channel({
    summary: 'Admin: one small call to the AI service now (after adding credit, say); answers with what it found and the status after it.',
    access: ['admin'],
    input: noInput,
    output: z.object({ status: aiServiceStatusSchema, check: aiServiceCheckSchema }),
  }),
} as const;

export const aiServiceEvents = {
  'aiService.changed': event({
    summary: 'The AI service became unavailable or available again, or the number of interviews waiting for transcription changed.',
    payload: aiServiceStatusSchema,
  }),
} as const;
