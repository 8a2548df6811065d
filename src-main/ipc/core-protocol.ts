import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { appModes, storedSecretNames } from '../../shared/domain/settings';
import { eventNames, type EventName } from '../../shared/ipc/contract';
import { appErrorSchema } from '../../shared/ipc/result';
import { osKioskStates } from '../self-check/os-kiosk';
import { installerOutcomes } from '../updates/installer-port';

/**
 * The messages between Electron's main process and the core (the app's
 * services, in a utility process: src-main/core-host). Declared once, here,
 * and checked with zod on arrival at both ends: a message that does not fit
 * is logged (its type and what was wrong, never its values, which may be a
 * secret) and dropped, and neither process falls over.
 *
 * Messages travel by structured clone (Electron's utility-process port, or
 * Node's child_process IPC with `serialization: 'advanced'`), so binary data
 * (Uint8Array, ArrayBuffer) goes as it is, never re-encoded. A renderer's
 * channel name and input are carried untouched: the dispatcher in the core
 * is what checks them, exactly as it does in the browser host.
 */

const absolutePath = z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path');
const id = z.number().int().nonnegative();
const windowId = z.string().min(1).max(100);
/** Secrets are at most 2 KiB (MAX_SECRET_BYTES); the store checks the exact limit, this only bounds the message. */
const secretValue = z.string().max(8192);
const screenEventKinds = ['screen_crashed', 'screen_unresponsive', 'shortcut_attempted', 'display_added'] as const;

/**
 * The test and benchmark knobs of AppOverrides that can cross a process
 * boundary (numbers only). The shell never sends them.
 */
export const coreOverridesSchema = z.strictObject({
  bcryptCost: z.number().int().min(4).max(31).optional(),
  jobs: z.strictObject({ pollIntervalMs: z.number().positive(), leaseMs: z.number().positive(), backoffBaseMs: z.number().positive(), backoffMaxMs: z.number().positive() }).partial().optional(),
  sync: z.strictObject({ intervalMs: z.number().positive(), watchMs: z.number().positive(), backoffBaseMs: z.number().positive(), backoffMaxMs: z.number().positive() }).partial().optional(),
});
export type CoreOverrides = z.infer<typeof coreOverridesSchema>;

/** Everything the core needs to build the app; main works it out (Electron's paths, the secret store it opened). */
export const coreInitSchema = z.strictObject({
  dataDir: absolutePath,
  migrationsDir: absolutePath,
  resourcesDir: absolutePath,
  /** The core writes its own log, core.log, here. */
  logsDir: absolutePath,
  /** Where Electron's crash reporter leaves its minidumps (app.getPath('crashDumps')); the core counts and reports them. */
  crashDumpsDir: absolutePath.optional(),
  settings: z.strictObject({
    /** 'electron-store' in the app (the file it has always written); 'json-file' where Electron is absent (tests, benchmarks). */
    store: z.enum(['electron-store', 'json-file']),
    /** The folder of the user's settings.json (Electron's userData). */
    dir: absolutePath,
    /** IT's machine-wide file; null for none. */
    machineFilePath: absolutePath.nullable(),
    /**
     * IT's central policy. Absent: the OS's own (registry, managed
     * preferences, /etc), as the shell asks; null: none; a path: a JSON
     * policy file there (tests).
     */
    policyFilePath: absolutePath.nullable().optional(),
  }),
  version: z.string().min(1).max(100),
  /** The store stays in main; the core only needs to say which it is and what is wrong with it. */
  secrets: z.strictObject({ backend: z.string().max(200), problem: z.string().max(4000).nullable() }),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  overrides: coreOverridesSchema.optional(),
});
export type CoreInit = z.infer<typeof coreInitSchema>;

export const callerSchema = z.strictObject({ windowId, trustedSender: z.boolean() });

/** A secret store's answer: get → text or null, set → null, delete → whether something was deleted. */
export const secretOutcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.union([secretValue, z.boolean(), z.null()]) }),
  z.strictObject({
    ok: z.literal(false),
    code: z.enum(['unavailable', 'invalid-name', 'invalid-value']),
    // Built by SecretStoreError from the name and a scrubbed cause, never from the value.
    message: z.string().max(4000),
    reason: z.string().max(4000),
  }),
]);
export type SecretOutcome = z.infer<typeof secretOutcomeSchema>;

/**
 * What only the Electron shell knows, for the self-check (src-main/self-check)
 * and IT's display policy (a sitting's opening, the live watch in
 * src-main/kiosk-watch/display-watch.ts): sent when the window opens, again when a display comes or goes, and to a
 * core started again. The browser host has no shell and sends none. Its
 * shape is the self-check's ShellFacts (both ends are typed against it).
 */
export const shellFactsSchema = z
  .strictObject({
    platform: z.string().min(1).max(40),
    sandboxed: z.boolean(),
    displays: z.number().int().min(0).max(64),
    builtInDisplays: z.number().int().min(0).max(64),
    osKiosk: z.enum(osKioskStates),
  })
  .refine((facts) => facts.builtInDisplays <= facts.displays, { error: 'More built-in displays than displays.', path: ['builtInDisplays'] });

/**
 * An update the core downloaded and verified (src-main/updates VerifiedUpdate),
 * handed to the shell's installer (src-main/shell/auto-update.ts).
 */
const sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a SHA-512 in base64');
const version = z.string().min(1).max(100);
export const verifiedUpdateSchema = z.strictObject({
  version,
  channel: z.enum(['latest', 'pilot']),
  // A name, never a path: the shell serves the file under it.
  fileName: z.string().min(1).max(255).regex(/^[^\\/\0]+$/, 'must be a file name').refine((name) => name !== '.' && name !== '..', 'must be a file name'),
  sha512,
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  path: absolutePath,
});
export const updateActions = ['prepare', 'install-now', 'install-on-quit'] as const;
export type UpdateAction = (typeof updateActions)[number];

/** The shell's installer says how an update it was handed went (src-main/updates/installer-port.ts InstallerReport). */
export const installerReportSchema = z.strictObject({
  version,
  sha512,
  outcome: z.enum(installerOutcomes),
  reason: z.string().min(1).max(1000).optional(),
});

/** Main → core. */
export const toCoreSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), init: coreInitSchema }),
  z.strictObject({ type: z.literal('call'), id, channel: z.unknown(), input: z.unknown(), caller: callerSchema }),
  z.strictObject({ type: z.literal('secret-reply'), id, outcome: secretOutcomeSchema }),
  z.strictObject({ type: z.literal('forget-window'), windowId }),
  z.strictObject({
    type: z.literal('screen-event'),
    windowId,
    kind: z.enum(screenEventKinds),
    details: z.record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean()])).optional(),
  }),
  z.strictObject({ type: z.literal('shell-facts'), facts: shellFactsSchema }),
  z.strictObject({ type: z.literal('update-result'), report: installerReportSchema }),
  z.strictObject({ type: z.literal('close') }),
]);
export type ToCore = z.infer<typeof toCoreSchema>;

export const resultSchema = z.union([
  z.strictObject({ ok: z.literal(true), data: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: appErrorSchema }),
]);

/** Core → main. */
export const fromCoreSchema = z.discriminatedUnion('type', [
  /** The app is built; main may open its window. `mode` is the device mode in force. */
  z.strictObject({ type: z.literal('ready'), mode: z.enum(appModes) }),
  /** The app could not be built: what a person can do about it (a damaged file, a failed migration). */
  z.strictObject({ type: z.literal('start-failed'), message: z.string().min(1).max(4000) }),
  z.strictObject({ type: z.literal('result'), id, result: resultSchema }),
  // The payload was checked against the contract by the core's EventHub when it was emitted.
  z.strictObject({ type: z.literal('event'), windowId, name: z.enum(eventNames as [EventName, ...EventName[]]), payload: z.unknown() }),
  z.strictObject({ type: z.literal('secret-get'), id, name: z.enum(storedSecretNames) }),
  z.strictObject({ type: z.literal('secret-set'), id, name: z.enum(storedSecretNames), value: secretValue }),
  z.strictObject({ type: z.literal('secret-delete'), id, name: z.enum(storedSecretNames) }),
  /** Shell state main answers its synchronous questions from: the device mode, after it changed. */
  z.strictObject({ type: z.literal('mode'), mode: z.enum(appModes) }),
  /** A window's session began (its kind and end) or ended (null). */
  z.strictObject({
    type: z.literal('session'),
    windowId,
    kind: z.enum(['candidate', 'staff']).nullable(),
    expiresAt: z.string().max(40).nullable(),
  }),
  /** Fetch (prepare) or install a verified update: the shell's installer carries it out (issue 20, point 3). */
  z.strictObject({ type: z.literal('update'), action: z.enum(updateActions), update: verifiedUpdateSchema }),
  /** The core has closed the database after a 'close'; it exits next. */
  z.strictObject({ type: z.literal('closed') }),
]);
export type FromCore = z.infer<typeof fromCoreSchema>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; problem: string };

export const parseToCore = (raw: unknown): Parsed<ToCore> => parseWith(toCoreSchema, raw);
export const parseFromCore = (raw: unknown): Parsed<FromCore> => parseWith(fromCoreSchema, raw);

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, problem: describeRefusal(raw, parsed.error) };
}

/**
 * What was wrong, for the log: the message's type (when it looks like one)
 * and each problem's place and kind, never a value from the message.
 */
function describeRefusal(raw: unknown, error: z.ZodError): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const named = typeof type === 'string' && /^[a-z-]{1,40}$/.test(type) ? `'${type}'` : 'without a known type';
  const problems = error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(message)'}: ${issue.code}`);
  return `message ${named} refused (${problems.join('; ')})`;
}
