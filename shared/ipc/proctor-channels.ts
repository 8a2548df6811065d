import { z } from 'zod';
import { emailSchema } from '../domain/account-rules';
import { roleTypes } from '../domain/interview';
import { accommodationKinds, identityCheckSchema, kioskSittingSchema, noteTextSchema, pinSchema } from '../domain/proctoring';
import { proctorSittingViewSchema } from '../domain/sitting-events';
import { channel, event } from './channel';

/**
 * Proctored sittings at a kiosk (shared/domain/proctoring.ts).
 *
 * The proctor signs in with their staff account, opens a sitting for a
 * candidate (`proctor.openSitting`) and hands the kiosk over
 * (`proctor.handOver`, which signs the proctor out). Afterwards the
 * proctor's way back is the exit sequence and their PIN (`sitting.unlock`),
 * which hands this window the sitting's controls for a few minutes whoever
 * is signed in on it: so the `sitting.*` controls are public channels that
 * main answers only for a window holding those controls (or a signed-in
 * proctor), never on the caller's say-so.
 */

const noInput = z.strictObject({});
const proctor = ['proctor'] as const;
const sittingResult = z.object({ sitting: proctorSittingViewSchema });

export const proctorChannels = {
  'proctor.status': channel({
    summary: 'Proctor: whether they have set a PIN, the sitting this kiosk is holding (if any), and whether a sitting is required here.',
    access: proctor,
    input: noInput,
    output: z.object({ hasPin: z.boolean(), sitting: proctorSittingViewSchema.nullable(), sittingRequired: z.boolean() }),
  }),
  'proctor.setPin': channel({
    summary: 'Proctor: set or change their kiosk PIN (stored as a bcrypt hash).',
    access: proctor,
    input: z.strictObject({ pin: pinSchema }),
    output: z.object({ set: z.literal(true) }),
  }),
  'proctor.openSitting': channel({
    summary: 'Proctor: open a sitting at this kiosk for a registered candidate whose identity they checked, for one role.',
    access: proctor,
    input: z.strictObject({
      candidateEmail: emailSchema,
      identityCheck: identityCheckSchema,
      identityConfirmed: z.literal(true, { error: 'Confirm that you checked the candidate’s identity document.' }),
      roleType: z.enum(roleTypes),
      accommodations: z
        .array(z.enum(accommodationKinds, { error: `An accommodation is one of ${accommodationKinds.join(', ')}.` }))
        .max(accommodationKinds.length)
        .refine((list) => new Set(list).size === list.length, { error: 'Grant each accommodation once.' })
        .default([]),
    }),
    output: sittingResult,
  }),
  'proctor.handOver': channel({
    summary: 'Proctor: hand the kiosk to the candidate; signs the proctor out of this window.',
    access: proctor,
    input: noInput,
    output: z.object({ handedOver: z.literal(true) }),
  }),
  'sitting.current': channel({
    summary: 'Anyone at the kiosk: the sitting in progress here (whose it is, paused or locked), or null.',
    access: 'public',
    input: noInput,
    output: z.object({ sitting: kioskSittingSchema.nullable() }),
  }),
  'sitting.unlock': channel({
    summary: 'The proctor’s PIN, after the exit sequence: this window holds the sitting’s controls for a few minutes. Wrong PINs are limited per kiosk.',
    access: 'public',
    input: z.strictObject({ pin: pinSchema }),
    output: sittingResult,
  }),
  'sitting.view': channel({
    summary: 'The sitting in full, for the window holding its controls: with what the kiosk noticed during its interview, newest first.',
    access: 'public',
    input: noInput,
    output: sittingResult,
  }),
  'sitting.pause': channel({
    summary: 'Proctor controls: pause the sitting (the interview waits and its idle clock stops).',
    access: 'public',
    input: noInput,
    output: sittingResult,
  }),
  'sitting.resume': channel({
    summary: 'Proctor controls: resume a paused or locked sitting; clearing a lock needs a note saying what the proctor found.',
    access: 'public',
    input: z.strictObject({ note: noteTextSchema.optional() }),
    output: sittingResult,
  }),
  'sitting.addNote': channel({
    summary: 'Proctor controls: add an incident note to the sitting (kept with it and its interview, and synced).',
    access: 'public',
    input: z.strictObject({ text: noteTextSchema }),
    output: sittingResult,
  }),
  'sitting.end': channel({
    summary: 'Proctor controls: end the sitting; the candidate is signed out and their interview left as it is.',
    access: 'public',
    input: noInput,
    output: sittingResult,
  }),
  'sitting.releaseControls': channel({
    summary: 'Proctor controls: give the window back to the candidate now rather than when the controls time out.',
    access: 'public',
    input: noInput,
    output: z.object({ released: z.literal(true) }),
  }),
} as const;

export const proctorEvents = {
  'sitting.changed': event({
    summary:
      'The kiosk’s sitting opened, paused, locked, resumed or ended, this window’s proctor controls began or ended, or an integrity event was recorded on its interview (a proctor’s open panel reloads; the payload says nothing of it).',
    payload: z.object({ sitting: kioskSittingSchema.nullable() }),
  }),
} as const;
