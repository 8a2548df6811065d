import { z } from 'zod';
import type { ModelPrice } from './ai-models';
import { COLLECTOR_DSN_RULE, parseCollectorDsn } from './collector-dsn';
import { isHttpsOrThisComputer } from './this-computer';

/**
 * Device settings. Secrets (API keys, SMTP and device credentials) are never
 * here: they live in the OS keychain behind the secret store.
 */
export const appModes = ['kiosk', 'recruiter'] as const;
export type AppMode = (typeof appModes)[number];

/*
 * Every refusal names the setting (as the admin screen labels it) and what it
 * accepts, whichever check failed (wrong type, out of range, too long), so
 * the same sentence works beside the field, in the admin screen's alert, and
 * in the start-up error for a bad settings file. zod's own wording ("Too
 * small: expected number to be >=800") names neither. Each check takes the
 * message itself: a schema's own `error` covers only its type check.
 */

/** A whole number from `min` to `max`, e.g. "of milliseconds"; `note` adds what a special value means. */
function wholeNumber(setting: string, min: number, max: number, unit = '', note = '') {
  const error = `${setting} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}${note ? ` (${note})` : ''}.`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** Text of at most `max` characters, and at least `min` when given; `kind` says what the text is, e.g. "a model name". */
function text(setting: string, max: number, options: { min?: number; kind?: string } = {}) {
  const { min = 0, kind = 'text' } = options;
  const error = min > 0 ? `${setting} must be ${kind} of ${min} to ${max} characters.` : `${setting} must be ${kind} of at most ${max} characters.`;
  const schema = z.string({ error }).max(max, { error });
  return min > 0 ? schema.min(min, { error }) : schema;
}

function oneOf<const T extends readonly [string, ...string[]]>(setting: string, options: T) {
  const listed = options.length === 2 ? `${options[0]} or ${options[1]}` : `one of ${options.join(', ')}`;
  return z.enum(options, { error: `${setting} must be ${listed}.` });
}

function flag(setting: string) {
  return z.boolean({ error: `${setting} must be true or false.` });
}

/** A section's own message when it is not an object; its unknown keys keep zod's issue, which the callers word themselves. */
function notAnObject(what: string, of = 'named settings') {
  return (issue: { code: string }) => (issue.code === 'invalid_type' ? `${what} must be an object of ${of}.` : undefined);
}

function httpUrl(setting: string) {
  const error = `${setting} must be an http:// or https:// address of at most 2048 characters.`;
  return z
    .string({ error })
    // Each check stops at its first refusal: one message, not the same one twice.
    .max(2048, { error, abort: true })
    .url({ error, abort: true })
    .refine((u) => /^https?:\/\//.test(u), { error });
}

/**
 * An address that may be left empty, else one `accepts` takes: at most 2048
 * characters, one message for every refusal. For settings IT fills in only
 * where it applies (a proxy, an update feed, an error collector).
 */
function optionalAddress(error: string, accepts: (value: string) => boolean) {
  return z
    .string({ error })
    .trim()
    .max(2048, { error, abort: true })
    .refine((value) => value === '' || accepts(value), { error });
}

/** The address parsed, or null when it is not one. */
function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const PROVIDER_SECTION = 'The provider settings';
const SMTP_SECTION = 'The email (SMTP) settings';
const SYNC_SECTION = 'The sync settings';
const INTERVIEW_SECTION = 'The interview settings';
const ERRORS_SECTION = 'The error reporting settings';

const MODEL_NAME_CHARS = 100;
const modelName = (setting: string) => text(setting, MODEL_NAME_CHARS, { min: 1, kind: 'a model name' });

/**
 * Audio formats the app asks text-to-speech for. flac is left out on
 * purpose: a long text is synthesised in parts, and flac parts cannot be
 * joined into one stream (each carries its own STREAMINFO header).
 */
export const ttsResponseFormats = ['wav', 'mp3', 'opus', 'aac', 'pcm'] as const;
export type TtsResponseFormat = (typeof ttsResponseFormats)[number];

function usdRate(setting: string) {
  const error = `${setting} must be a number of US dollars from 0 to 1000000.`;
  return z.number({ error }).nonnegative({ error }).max(1_000_000, { error });
}

/**
 * A deployment's own price for a model (its contract, Azure, a local server
 * at 0), in US dollars; each part applies only to the endpoints that bill
 * it. Models it leaves out keep the list prices in ai-models.ts.
 */
export const modelPriceSchema = z.strictObject(
  {
    inputPerMillionTokens: usdRate('A model price per million input tokens').optional(),
    cachedInputPerMillionTokens: usdRate('A model price per million cached input tokens').optional(),
    outputPerMillionTokens: usdRate('A model price per million output tokens').optional(),
    perAudioMinute: usdRate('A model price per audio minute').optional(),
    perMillionCharacters: usdRate('A model price per million characters').optional(),
  },
  { error: notAnObject('Each model price', 'prices in US dollars') },
) satisfies z.ZodType<ModelPrice>;

export const providerSettingsSchema = z.strictObject(
  {
    baseUrl: httpUrl('Provider base URL').default('https://api.openai.com/v1'),
    interviewModel: modelName('Interview model').default('gpt-4o-mini'),
    resumeParsingModel: modelName('Resume parsing model').default('gpt-4o-mini'),
    scoringModel: modelName('Scoring model').default('gpt-4o-mini'),
    ttsModel: modelName('Text-to-speech model').default('tts-1'),
    ttsVoice: text('Text-to-speech voice', 50, { min: 1, kind: 'a voice name' }).default('alloy'),
    ttsResponseFormat: oneOf('Text-to-speech audio format', ttsResponseFormats).default('wav'),
    sttModel: modelName('Speech-to-text model').default('whisper-1'),
    /** Transcribes while the candidate speaks (Realtime transcription); the per-segment upload stays the record and the fallback. */
    liveTranscription: flag('The live transcription setting').default(true),
    liveSttModel: modelName('Live speech-to-text model').default('gpt-4o-transcribe'),
    /** Tokens one interview may use in language-model calls; 0 means no limit. */
    interviewTokenBudget: wholeNumber('Interview token budget', 0, 100_000_000, 'tokens', '0 means no limit').default(200_000),
    /** Overrides of the list prices, by model name; empty by default. */
    prices: z
      .record(modelName('A model name in the model prices'), modelPriceSchema, {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? 'Model prices must be an object of prices by model name.'
            : issue.code === 'invalid_key'
              ? `Each model name in the model prices must be 1 to ${MODEL_NAME_CHARS} characters.`
              : undefined,
      })
      .default(() => ({})),
  },
  { error: notAnObject(PROVIDER_SECTION) },
);

export const smtpSettingsSchema = z.strictObject(
  {
    host: text('SMTP host', 255).default(''),
    port: wholeNumber('SMTP port', 1, 65535).default(587),
    secure: flag('The secure (TLS) connection setting').default(false),
    username: text('SMTP username', 255).default(''),
    sender: text('Sender address', 320).default(''),
  },
  { error: notAnObject(SMTP_SECTION) },
);

export const syncSettingsSchema = z.strictObject(
  {
    endpoint: text('Sync endpoint', 2048).default(''),
  },
  { error: notAnObject(SYNC_SECTION) },
);

const collectorDsn = () => optionalAddress(COLLECTOR_DSN_RULE, (value) => parseCollectorDsn(value) !== null);

/**
 * Errors IT can see (issue 20, point 6): unhandled errors and crashes are
 * always kept on the device (redacted) and counted in the fleet report;
 * with a collector DSN set, usually by policy, they are also sent to IT's
 * Sentry-compatible collector (src-main/errors/upload). Empty: nothing leaves.
 */
export const errorsSettingsSchema = z.strictObject(
  {
    collectorDsn: collectorDsn().default(''),
  },
  { error: notAnObject(ERRORS_SECTION) },
);

/** The spoken interview. */
export const interviewSettingsSchema = z.strictObject(
  {
    /**
     * The longest silence after speech before an answer ends. An answer whose
     * words sound finished ends after a short pause whatever this is (see
     * src-renderer/src/voice/end-of-turn-rules.ts), so this only holds the
     * turn open for one that does not ("and...", "um", a cut clause): long
     * enough for a 3-second thinking pause. Longer pauses are cut, and the
     * candidate can carry on (the interviewer's next question is withdrawn).
     */
    endOfTurnSilenceMs: wholeNumber('End-of-answer silence', 800, 10_000, 'milliseconds').default(3500),
    /** The interview stops asking once this long has passed since its first question. */
    maxDurationMinutes: wholeNumber('Longest interview', 10, 240, 'minutes').default(60),
    /**
     * At a kiosk, a candidate's session ends after this long without
     * anything done in the app (the next person must not find it open); a
     * minute before, the screen asks whether they are still there. An
     * interview left this way can be carried on after signing in again.
     */
    idleSignOutMinutes: wholeNumber('Idle candidate sign-out', 2, 120, 'minutes').default(10),
    /** The specification's limit: at most this many new interviews an hour, per candidate and per kiosk. */
    maxStartsPerHour: wholeNumber('Interview starts an hour', 1, 100, 'interviews').default(10),
    /** At a kiosk, submitting an interview signs the candidate out after this visible countdown. */
    signOutAfterSubmitSeconds: wholeNumber('Sign-out after submitting', 5, 300, 'seconds').default(30),
    /**
     * At a kiosk, a candidate can start an interview only in a sitting a
     * proctor opened for them (src-main/proctoring). On by default; IT turns
     * it off for unproctored kiosks. Recruiter laptops take no interviews.
     */
    requireProctorSitting: flag('The proctor sitting setting').default(true),
  },
  { error: notAnObject(INTERVIEW_SECTION) },
);

/**
 * What the kiosk's own watch looks for (src-main/kiosk-watch), by category.
 * Programs of every category are recorded on the interview; all but other
 * browsers also lock the sitting until the proctor's PIN (a browser left
 * running behind the full-screen kiosk is only seen by switching to it,
 * which the focus events record, and Windows keeps Edge running in the
 * background on its own).
 */
export const prohibitedProcessCategories = ['screen_sharing', 'remote_access', 'ai_assistant', 'other_browser', 'virtual_audio_camera'] as const;
export type ProhibitedProcessCategory = (typeof prohibitedProcessCategories)[number];

/** The categories in words, for the recruiter's flags: "zoom (screen sharing or conferencing)". */
export const prohibitedProcessCategoryLabels: Record<ProhibitedProcessCategory, string> = {
  screen_sharing: 'screen sharing or conferencing',
  remote_access: 'remote access',
  ai_assistant: 'AI assistant',
  other_browser: 'another browser',
  virtual_audio_camera: 'virtual audio or camera',
};

/** The most programs IT's list may name: a list, not a catalogue; each check compares every running program with it. */
export const MAX_PROHIBITED_PROCESSES = 500;
const PROCESS_NAME_CHARS = 100;

const LOCKDOWN_SECTION = 'The lockdown settings';
const PROHIBITED_LIST_ERROR = `Prohibited programs must be a list of at most ${MAX_PROHIBITED_PROCESSES} { name, category } entries, or null for the built-in list.`;

function processName() {
  const error = `A prohibited program's name must be an executable's name (no folder) of 1 to ${PROCESS_NAME_CHARS} characters.`;
  return z
    .string({ error })
    .trim()
    .min(1, { error, abort: true })
    .max(PROCESS_NAME_CHARS, { error, abort: true })
    .refine((name) => !/[\\/]/.test(name), { error });
}

/** One program IT prohibits: its executable's name as the OS lists it (matched without case or a .exe-style ending) and why. */
export const prohibitedProcessSchema = z.strictObject(
  {
    name: processName(),
    category: oneOf("A prohibited program's category", prohibitedProcessCategories),
  },
  { error: notAnObject('Each prohibited program', 'a name and a category') },
);
export type ProhibitedProcess = z.infer<typeof prohibitedProcessSchema>;

/**
 * The kiosk's watch during a proctored sitting (src-main/kiosk-watch), set
 * by IT in the machine settings file.
 */
export const lockdownSettingsSchema = z.strictObject(
  {
    /**
     * The programs that may not run during a sitting. Null: the built-in
     * list (src-main/kiosk-watch/prohibited-processes.ts). A list replaces
     * it whole; an empty list checks nothing.
     */
    prohibitedProcesses: z
      .array(prohibitedProcessSchema, { error: PROHIBITED_LIST_ERROR })
      .max(MAX_PROHIBITED_PROCESSES, { error: PROHIBITED_LIST_ERROR })
      .nullable()
      .default(null),
    /** A kiosk that is a virtual machine (a VDI desktop, say) is not noted on the interview. It is never blocked either way. */
    allowVirtualMachine: flag('The virtual machine allowance').default(false),
    /** A kiosk used through a remote session (RDP, SSH) is not noted on the interview. It is never blocked either way. */
    allowRemoteSession: flag('The remote session allowance').default(false),
    /**
     * The most displays a kiosk may have connected when a proctor opens a
     * sitting (a second screen lets someone read along). Null: no limit.
     * A display connected during a sitting locks it whatever this says.
     */
    maxDisplays: wholeNumber('Displays at a sitting', 1, 16, 'displays', 'or null for no limit').nullable().default(1),
    /**
     * Only the kiosk's built-in display may be in use at a sitting (a laptop
     * used as a kiosk): no external one, and not the lid closed with one
     * connected. Watched live: a sitting that breaks it locks. Off by
     * default, as a desktop kiosk has no built-in display.
     */
    builtInDisplayOnly: flag('The built-in display rule').default(false),
  },
  { error: notAnObject(LOCKDOWN_SECTION) },
);

const AUDIT_SECTION = 'The audit trail settings';

/** Six months: the least time the records of a high-risk AI system must be kept (EU AI Act, Art. 19 and 26). */
export const MIN_AUDIT_RETENTION_DAYS = 183;

/** The AI audit trail (src-main/audit): how long its entries are kept on this device before a prune removes them. */
export const auditSettingsSchema = z.strictObject(
  {
    retentionDays: wholeNumber('Audit trail retention', MIN_AUDIT_RETENTION_DAYS, 3650, 'days', 'at least six months, the least the law allows for records of AI decisions').default(365),
  },
  { error: notAnObject(AUDIT_SECTION) },
);

const RETENTION_SECTION = 'The retention settings';

/** Days a kind of candidate content is kept after the interview (or upload); null keeps it. */
function retentionDays(kind: string) {
  return wholeNumber(`${kind} retention`, 1, 36500, 'days', 'or null to keep them').nullable().default(null);
}

/**
 * How long each kind of candidate content is kept on this device (issue 18,
 * point 4), counted from the interview (the resume's upload for resumes).
 * A daily job empties what is older (src-main/jobs/content-retention.ts):
 * recordings can go after a month while transcripts and scores stay. IT
 * sets it in the machine file, for every device alike.
 */
export const retentionSettingsSchema = z.strictObject(
  {
    recordingsDays: retentionDays('Recordings'),
    transcriptsDays: retentionDays('Transcripts'),
    resumesDays: retentionDays('Resumes'),
    assessmentsDays: retentionDays('Assessments'),
  },
  { error: notAnObject(RETENTION_SECTION) },
);
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

const BACKUP_SECTION = 'The backup settings';

/**
 * The device's rotating backups of its database (issue 20, point 5;
 * src-main/backup): one every `intervalHours`, the newest `count` kept, and
 * none older than count × interval, so an erased candidate's data is gone
 * from every backup within that time.
 */
export const backupSettingsSchema = z.strictObject(
  {
    count: wholeNumber('Backups kept', 1, 90).default(7),
    intervalHours: wholeNumber('Backup interval', 1, 720, 'hours').default(24),
  },
  { error: notAnObject(BACKUP_SECTION) },
);
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

const UPDATES_SECTION = 'The update settings';

/** The release channels: stable is every device's; pilot devices also take IT's pilot builds first. */
export const updateChannels = ['stable', 'pilot'] as const;
export type UpdateChannel = (typeof updateChannels)[number];

const updateFeedUrl = () =>
  optionalAddress('Update feed address must be empty or an https:// address of at most 2048 characters (http:// only for a feed on this computer).', (value) => {
    const url = parsedUrl(value);
    return url !== null && isHttpsOrThisComputer(url);
  });

const SIGNING_KEYS_ERROR = 'Update signing keys must be a list of at most 5 Ed25519 public keys, each 32 bytes in base64 (44 characters) as scripts/update-release.ts make-key prints them.';

/**
 * The app's own updates (issue 20, point 3; src-main/updates): the feed IT
 * publishes releases to (electron-builder's generic provider: channel files
 * and installers, each signed with IT's release key), the channel, and how
 * often to look. A device IT updates itself (an MSI, a deb, or managedByIt)
 * never updates itself.
 */
export const updateSettingsSchema = z.strictObject(
  {
    enabled: flag('The updates setting').default(true),
    feedUrl: updateFeedUrl().default(''),
    channel: oneOf('Update channel', updateChannels).default('stable'),
    checkIntervalHours: wholeNumber('Update check interval', 1, 168, 'hours').default(4),
    /** IT's rings (staged rollout by policy): a release is taken only this long after its releaseDate. */
    deferHours: wholeNumber('Update deferral', 0, 720, 'hours').default(0),
    /** IT's own tooling updates this device (Intune, SCCM, apt): the app downloads nothing. */
    managedByIt: flag('The managed-by-IT updates setting').default(false),
    /** The public release keys an update must be signed with; the app builds none in (create-app.ts pinnedKeys). */
    signingKeys: z
      .array(z.string({ error: SIGNING_KEYS_ERROR }).regex(/^[A-Za-z0-9+/]{43}=$/, { error: SIGNING_KEYS_ERROR }), { error: SIGNING_KEYS_ERROR })
      .max(5, { error: SIGNING_KEYS_ERROR })
      .default(() => []),
  },
  { error: notAnObject(UPDATES_SECTION) },
);
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

const NETWORK_SECTION = 'The network settings';

/** How this device reaches the AI provider, SMTP, sync and updates (src-main/providers/network). */
export const proxyModes = ['system', 'direct', 'manual'] as const;

const proxyAddress = () =>
  optionalAddress(
    'Proxy address must be empty or an http://host:port address of at most 2048 characters, without a password (store that as "Proxy password" in Stored secrets).',
    (value) => {
      const url = parsedUrl(value);
      return url !== null && url.protocol === 'http:' && url.hostname !== '' && url.password === '' && url.username === '' && (url.pathname === '/' || url.pathname === '');
    },
  );

/**
 * Corporate networks (issue 20, point 7): the proxy every outside
 * connection takes, and the CA bundle IT gives for TLS inspection (Electron's
 * fuses remove NODE_EXTRA_CA_CERTS, so it has to be a setting). Flat, like
 * every other section, so each key can be managed or set by policy alone.
 */
export const networkSettingsSchema = z.strictObject(
  {
    /** system: HTTPS_PROXY / HTTP_PROXY / NO_PROXY; direct: no proxy; manual: proxyUrl. */
    proxyMode: oneOf('Proxy mode', proxyModes).default('system'),
    proxyUrl: proxyAddress().default(''),
    /** Sent when set; the password is the keychain secret "proxy-password". */
    proxyUsername: text('Proxy username', 255).default(''),
    /** Hosts that go direct, separated by commas or semicolons: "host", "*.corp.example", "host:port", "<local>", "<-loopback>". */
    proxyBypass: text('Proxy bypass list', 4096).default(''),
    /** A PEM file of CA certificates trusted besides the built-in ones; empty: none. */
    caBundlePath: text('CA bundle path', 1024).default(''),
  },
  { error: notAnObject(NETWORK_SECTION) },
);
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

const deviceMode = oneOf('Device mode', appModes);

export const appSettingsSchema = z.strictObject({
  mode: deviceMode.default('kiosk'),
  provider: providerSettingsSchema.default(providerSettingsSchema.parse({})),
  smtp: smtpSettingsSchema.default(smtpSettingsSchema.parse({})),
  sync: syncSettingsSchema.default(syncSettingsSchema.parse({})),
  errors: errorsSettingsSchema.default(errorsSettingsSchema.parse({})),
  interview: interviewSettingsSchema.default(interviewSettingsSchema.parse({})),
  lockdown: lockdownSettingsSchema.default(lockdownSettingsSchema.parse({})),
  audit: auditSettingsSchema.default(auditSettingsSchema.parse({})),
  retention: retentionSettingsSchema.default(retentionSettingsSchema.parse({})),
  network: networkSettingsSchema.default(networkSettingsSchema.parse({})),
  backup: backupSettingsSchema.default(backupSettingsSchema.parse({})),
  updates: updateSettingsSchema.default(updateSettingsSchema.parse({})),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const defaultSettings: AppSettings = appSettingsSchema.parse({});

/**
 * A partial update or an override layer: any subset of the sections, each
 * section any subset of its keys. Unknown keys are refused, not dropped.
 */
/**
 * A section with every field optional and NO defaults. zod 4's `.partial()`
 * keeps each field's `.default()`, so parsing `{ provider: { ttsVoice } }`
 * would fill in every other provider key: a save would silently undo earlier
 * saves and trip over keys IT manages. Here an absent key stays absent.
 */
function sectionPatch<S extends z.ZodObject>(section: S, what: string) {
  const fields = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
  );
  return z.strictObject(fields, { error: notAnObject(what) }) as unknown as z.ZodType<Partial<z.output<S>>, Partial<z.output<S>>>;
}

export const settingsPatchSchema = z.strictObject(
  {
    mode: deviceMode.optional(),
    provider: sectionPatch(providerSettingsSchema, PROVIDER_SECTION).optional(),
    smtp: sectionPatch(smtpSettingsSchema, SMTP_SECTION).optional(),
    sync: sectionPatch(syncSettingsSchema, SYNC_SECTION).optional(),
    errors: sectionPatch(errorsSettingsSchema, ERRORS_SECTION).optional(),
    interview: sectionPatch(interviewSettingsSchema, INTERVIEW_SECTION).optional(),
    lockdown: sectionPatch(lockdownSettingsSchema, LOCKDOWN_SECTION).optional(),
    audit: sectionPatch(auditSettingsSchema, AUDIT_SECTION).optional(),
    retention: sectionPatch(retentionSettingsSchema, RETENTION_SECTION).optional(),
    network: sectionPatch(networkSettingsSchema, NETWORK_SECTION).optional(),
    backup: sectionPatch(backupSettingsSchema, BACKUP_SECTION).optional(),
    updates: sectionPatch(updateSettingsSchema, UPDATES_SECTION).optional(),
  },
  // The sections named from the schema itself, so a new one is never missing from the sentence.
  { error: (issue) => (issue.code === 'invalid_type' ? `Settings must be an object of sections (${Object.keys(appSettingsSchema.shape).join(', ')}).` : undefined) },
);
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Names of the secrets a person stores (Device settings → Stored secrets); values never leave main. */
export const secretNames = ['openai-api-key', 'smtp-password', 'sync-device-credential', 'proxy-password'] as const;
export type SecretName = (typeof secretNames)[number];

/**
 * Secrets the app makes for itself and keeps beside those (the device's
 * Ed25519 key that signs its proof of configuration; the key its webhook
 * subscriptions' signing secrets are derived from; the login it made while
 * an enrolment with a code is under way, src-main/sync/enrolment): never
 * listed, set or cleared from a window, but moved between stores like the
 * others.
 */
export const storedSecretNames = [...secretNames, 'sync-signing-key', 'webhook-signing-key', 'sync-enrolment-pending'] as const;
export type StoredSecretName = (typeof storedSecretNames)[number];
