import { z } from 'zod';
import { emailSchema, fullNameSchema, passwordSchema, signInPasswordSchema } from '../domain/account-rules';
import { staffRoles } from '../domain/roles';
import { appModes, appSettingsSchema, secretNames, settingsPatchSchema } from '../domain/settings';
import { aiServiceChannels, aiServiceEvents } from './ai-service-channels';
import { assessmentChannels } from './assessment-channels';
import { atsExportChannels } from './ats-export-channels';
import { auditChannels } from './audit-channels';
import { channel, event } from './channel';
import { complianceChannels } from './compliance-channels';
import { consentChannels } from './consent-channels';
import { diagnosticsChannels } from './diagnostics-channels';
import { erasureChannels } from './erasure-channels';
import { errorChannels } from './error-channels';
import { explanationChannels } from './explanation-channels';
import { fleetChannels } from './fleet-channels';
import { interviewChannels, interviewEvents } from './interview-channels';
import { kioskChannels } from './kiosk-channels';
import { proctorChannels, proctorEvents } from './proctor-channels';
import { resumeChannels } from './resume-channels';
import { syncChannels, syncEvents } from './sync-channels';
import { webhookChannels } from './webhook-channels';

/**
 * The one declaration of every renderer→main call and main→renderer event.
 * The preload API, main's handler registry and the browser host are all
 * derived from these objects; adding a channel is one entry here plus its
 * handler in src-main/ipc/handlers.
 */

const noInput = z.strictObject({});

export const sessionUserSchema = z.object({
  id: z.string(),
  kind: z.enum(['candidate', 'staff']),
  role: z.enum(['candidate', ...staffRoles]),
  email: z.string(),
  fullName: z.string(),
  /** When the session ends unless something changes: its 24 hours, or sooner at a kiosk (see `endingBecause`). */
  expiresAt: z.string(),
  /**
   * Set when a kiosk rule, not the session's lifetime, decides `expiresAt`:
   * a candidate who has done nothing for a while ('inactivity'; anything they
   * do moves it on) or has submitted their interview ('interview-submitted').
   */
  endingBecause: z.enum(['inactivity', 'interview-submitted']).optional(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const staffAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  fullName: z.string(),
  role: z.enum(staffRoles),
  isActive: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  /** Set while (and after) five wrong passwords lock the account; locked while it is in the future. */
  lockedUntil: z.string().nullable(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

const newAccountInput = {
  email: emailSchema,
  password: passwordSchema,
  fullName: fullNameSchema,
};

/** Named and bounded in its refusal, like every device setting (shared/domain/settings.ts). */
const SECRET_VALUE_ERROR = 'A stored secret must be text of 1 to 4096 characters.';
const secretValue = z.string({ error: SECRET_VALUE_ERROR }).min(1, { error: SECRET_VALUE_ERROR }).max(4096, { error: SECRET_VALUE_ERROR });

/** Where a setting's value comes from, lowest first: each layer overrides the ones before it. */
export const settingSources = ['default', 'user', 'machine-file', 'policy'] as const;
export type SettingSource = (typeof settingSources)[number];

export const settingsViewSchema = z.object({
  settings: appSettingsSchema,
  /** Dotted keys (e.g. `provider.baseUrl`) fixed by the IT-managed machine file. */
  managedKeys: z.array(z.string()),
  machineFilePath: z.string().nullable(),
  /** What is wrong or doubtful in the settings in force (an unknown model, a setting IT's file got wrong), in words for the admin. */
  warnings: z.array(z.string()),
  /** Every setting's dotted key → the layer its value comes from. */
  sources: z.record(z.string(), z.enum(settingSources)),
  /** IT's central policy (issue 20, point 1): where it is read from, which settings it sets, what is wrong with it. */
  policy: z.object({
    /** The registry key, managed preferences or file read; null when this device reads no policy. */
    location: z.string().nullable(),
    /** Dotted key → the policy name that sets it (the name IT sees in the templates). */
    settings: z.record(z.string(), z.string()),
    /** Each malformed policy, naming it and its setting, and what stays in force instead. */
    problems: z.array(z.string()),
  }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** Proctors are staff, but only at kiosks: they see no results, so they are not in `staff`. */
const staff = ['recruiter', 'admin', 'viewer'] as const;
const everyone = ['candidate', ...staff, 'proctor'] as const;

export const channels = {
  'app.getStatus': channel({
    summary: 'What the first screen needs: device mode and whether first-start setup is still to do.',
    access: 'public',
    input: noInput,
    output: z.object({ mode: z.enum(appModes), needsSetup: z.boolean(), version: z.string() }),
  }),
  'setup.createFirstAdmin': channel({
    summary: 'First start only: create the first admin account and sign it in.',
    access: 'public',
    input: z.strictObject(newAccountInput),
    output: sessionUserSchema,
  }),
  'auth.registerCandidate': channel({
    summary: 'Kiosk: a candidate creates an account and is signed in.',
    access: 'public',
    input: z.strictObject(newAccountInput),
    output: sessionUserSchema,
  }),
  'auth.signIn': channel({
    summary: 'Sign in as a candidate (kiosk) or staff member; five wrong passwords lock the account for 15 minutes.',
    access: 'public',
    input: z.strictObject({
      accountKind: z.enum(['candidate', 'staff']),
      email: emailSchema,
      password: signInPasswordSchema,
    }),
    output: sessionUserSchema,
  }),
  'auth.getSession': channel({
    summary: 'Who is signed in on this window, if anyone.',
    access: 'public',
    input: noInput,
    output: z.object({ user: sessionUserSchema.nullable() }),
  }),
  'auth.stillHere': channel({
    summary: 'The person at the kiosk is still there (they answered “Are you still there?”): the idle sign-out counts again from now.',
    access: everyone,
    input: noInput,
    output: z.object({ user: sessionUserSchema }),
  }),
  'auth.signOut': channel({
    summary: 'End this window’s session.',
    access: everyone,
    input: noInput,
    output: z.object({ signedOut: z.literal(true) }),
  }),
  'staff.list': channel({
    summary: 'Admin: list staff accounts (recruiters, admins, viewers, proctors).',
    access: ['admin'],
    input: noInput,
    output: z.object({ accounts: z.array(staffAccountSchema) }),
  }),
  'staff.create': channel({
    summary: 'Admin: create a recruiter, admin, viewer or proctor account.',
    access: ['admin'],
    input: z.strictObject({ ...newAccountInput, role: z.enum(staffRoles) }),
    output: staffAccountSchema,
  }),
  'staff.unlockAccount': channel({
    summary: 'Admin: clear a staff or candidate account’s wrong-password count and lock, so it can sign in again at once.',
    access: ['admin'],
    input: z.strictObject({ accountKind: z.enum(['candidate', 'staff']), id: z.string().uuid() }),
    output: z.object({ accountKind: z.enum(['candidate', 'staff']), id: z.string(), unlocked: z.literal(true) }),
  }),
  'settings.get': channel({
    summary: 'Admin: the device settings and which of them IT manages.',
    access: ['admin'],
    input: noInput,
    output: settingsViewSchema,
  }),
  'settings.update': channel({
    summary: 'Admin: change device settings (IT-managed keys cannot be changed here).',
    access: ['admin'],
    input: settingsPatchSchema,
    output: settingsViewSchema,
  }),
  'secrets.getStatus': channel({
    summary: 'Admin: which secrets the OS keychain holds (never their values).',
    access: ['admin'],
    input: noInput,
    output: z.object({
      backend: z.string(),
      stored: z.record(z.enum(secretNames), z.boolean()),
      /** Why secrets cannot be stored or read on this device, written for IT (what to configure); null when they can. */
      problem: z.string().nullable(),
    }),
  }),
  'secrets.set': channel({
    summary: 'Admin: store a secret in the OS keychain. Write-only: it is never read back to the renderer.',
    access: ['admin'],
    input: z.strictObject({ name: z.enum(secretNames), value: secretValue }),
    output: z.object({ stored: z.literal(true) }),
  }),
  ...interviewChannels,
  ...consentChannels,
  ...erasureChannels,
  ...complianceChannels,
  ...proctorChannels,
  ...resumeChannels,
  ...assessmentChannels,
  ...auditChannels,
  ...explanationChannels,
  ...syncChannels,
  ...fleetChannels,
  ...webhookChannels,
  ...atsExportChannels,
  ...kioskChannels,
  ...diagnosticsChannels,
  ...aiServiceChannels,
  ...errorChannels,
} as const;

export const events = {
  'session.changed': event({
    summary: 'The window’s session began, ended or expired.',
    payload: z.object({ user: sessionUserSchema.nullable() }),
  }),
  'settings.changed': event({
    summary: 'Admin windows that read the settings: they changed (an admin saved, or IT’s policy changed).',
    payload: settingsViewSchema,
  }),
  ...interviewEvents,
  ...proctorEvents,
  ...syncEvents,
  ...aiServiceEvents,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
