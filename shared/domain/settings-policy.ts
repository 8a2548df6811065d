import type { AppSettings } from './settings';

/**
 * Which device settings IT may set as central policy (issue 20, point 1):
 * Group Policy on Windows, a configuration profile on macOS, a file in /etc
 * on Linux. Every setting in shared/domain/settings.ts is listed here, either
 * with its policy or with why it has none: the type below makes a new setting
 * that is neither a compile error, and tests/unit/settings/policy-declarations
 * checks the same against the schema itself.
 *
 * A policy's `name` is its value name in the registry, its key in the macOS
 * profile and the Linux file, so it must never change once shipped: IT's
 * deployed policies would silently stop applying.
 */

/** Sections are the settings whose value is an object of named settings; `mode` is a setting of its own. */
type SectionName = { [K in keyof AppSettings]: AppSettings[K] extends Record<string, unknown> ? K : never }[keyof AppSettings];

/** Every setting's dotted key: `mode`, `provider.baseUrl`, `interview.endOfTurnSilenceMs`, … */
export type SettingKey = Exclude<keyof AppSettings, SectionName> | { [S in SectionName]: `${S}.${Extract<keyof AppSettings[S], string>}` }[SectionName];

/** Where a policy sits in the Group Policy editor's tree (and the order of the generated templates). */
export const policyCategories = {
  device: 'Device',
  provider: 'AI provider',
  email: 'Email (SMTP)',
  interview: 'Interview',
  lockdown: 'Kiosk lockdown',
  records: 'Records and retention',
  network: 'Network',
  updates: 'Updates',
} as const;
export type PolicyCategory = keyof typeof policyCategories;

export interface SettingPolicy {
  /** Letters and digits, starting with a letter, unique: what Group Policy accepts as a policy and value name. */
  name: string;
  category: PolicyCategory;
  /** What the setting does, for IT reading the policy editor; ranges and defaults are added from the schema. */
  description: string;
}

export type SettingDeclaration =
  | { title: string; policy: SettingPolicy }
  /** `why` says why IT cannot set this one centrally, so the next person does not "fix" it. */
  | { title: string; policy: false; why: string };

function policy(title: string, name: string, category: PolicyCategory, description: string): SettingDeclaration {
  return { title, policy: { name, category, description } };
}

/*
 * A new setting in shared/domain/settings.ts needs an entry here (tsc says
 * "missing the following properties" until it has one): give it a policy
 * name that will never change, or `policy: false` with why IT cannot set it.
 */
export const settingDeclarations: { readonly [K in SettingKey]: SettingDeclaration } = {
  mode: policy('Device mode', 'DeviceMode', 'device', 'kiosk: candidates register, sign in and take interviews. recruiter: only staff sign in, to review interviews.'),

  'provider.baseUrl': policy('Provider base URL', 'ProviderBaseUrl', 'provider', 'The OpenAI-compatible API address every AI call goes to (https://, or http:// only to this computer).'),
  'provider.interviewModel': policy('Interview model', 'InterviewModel', 'provider', 'The language model that asks the questions and judges the answers during an interview.'),
  'provider.resumeParsingModel': policy('Resume parsing model', 'ResumeParsingModel', 'provider', 'The language model that reads uploaded resumes.'),
  'provider.scoringModel': policy('Scoring model', 'ScoringModel', 'provider', 'The language model that scores a finished interview.'),
  'provider.ttsModel': policy('Text-to-speech model', 'TtsModel', 'provider', 'The model that speaks the interviewer’s questions.'),
  'provider.ttsVoice': policy('Text-to-speech voice', 'TtsVoice', 'provider', 'The voice the interviewer speaks with; it must be one the text-to-speech model offers.'),
  'provider.ttsResponseFormat': policy('Text-to-speech audio format', 'TtsResponseFormat', 'provider', 'The audio format the app asks text-to-speech for.'),
  'provider.sttModel': policy('Speech-to-text model', 'SttModel', 'provider', 'The model that transcribes each recorded part of an answer.'),
  'provider.liveTranscription': policy('Live transcription', 'LiveTranscription', 'provider', 'Transcribe answers while the candidate speaks, so the interviewer replies sooner. Every answer is still recorded and transcribed from the recording when the live stream fails.'),
  'provider.liveSttModel': policy('Live speech-to-text model', 'LiveSttModel', 'provider', 'The model that transcribes while the candidate speaks.'),
  'provider.interviewTokenBudget': policy('Interview token budget', 'InterviewTokenBudget', 'provider', 'The most language-model tokens one interview may use; 0 means no limit.'),
  'provider.prices': policy('Model prices', 'ModelPrices', 'provider', 'This deployment’s own prices by model name, in US dollars, as JSON: {"gpt-4o-mini": {"inputPerMillionTokens": 0.15}}. Models left out keep the list prices.'),

  'smtp.host': policy('SMTP host', 'SmtpHost', 'email', 'The mail server that sends resume feedback; empty sends no email. The SMTP password stays in each device’s keychain.'),
  'smtp.port': policy('SMTP port', 'SmtpPort', 'email', 'The mail server’s port: usually 587, or 465 for a secure connection.'),
  'smtp.secure': policy('Secure SMTP connection', 'SmtpSecure', 'email', 'Connect to the mail server over TLS from the start (port 465).'),
  'smtp.username': policy('SMTP username', 'SmtpUsername', 'email', 'The account the app signs in to the mail server with.'),
  'smtp.sender': policy('Sender address', 'SmtpSender', 'email', 'The “From” address on emails this device sends.'),

  'sync.endpoint': {
    title: 'Sync endpoint',
    policy: false,
    why: 'Each device has its own database role, so its endpoint differs from every other device’s: it comes from enrolling that device, not from a policy shared by the fleet.',
  },

  'errors.collectorDsn': policy(
    'Error collector DSN',
    'ErrorCollectorDsn',
    'device',
    'A Sentry DSN (https://<public key>@host/<project id>) of IT’s Sentry-compatible collector. Unhandled errors and crash counts, redacted and without any candidate content, are sent there; empty keeps them on the device only.',
  ),

  'interview.endOfTurnSilenceMs': policy('End-of-answer silence', 'EndOfTurnSilenceMs', 'interview', 'The longest pause, in milliseconds, before an answer is taken as finished when the candidate’s last words do not sound finished.'),
  'interview.maxDurationMinutes': policy('Longest interview', 'MaxInterviewMinutes', 'interview', 'The interview stops asking once this many minutes have passed since its first question.'),
  'interview.idleSignOutMinutes': policy('Idle candidate sign-out', 'IdleSignOutMinutes', 'interview', 'At a kiosk, a candidate who does nothing for this many minutes is signed out; a minute before, the screen asks whether they are still there.'),
  'interview.maxStartsPerHour': policy('Interview starts an hour', 'MaxInterviewStartsPerHour', 'interview', 'At most this many new interviews an hour, per candidate and per kiosk.'),
  'interview.signOutAfterSubmitSeconds': policy('Sign-out after submitting', 'SignOutAfterSubmitSeconds', 'interview', 'At a kiosk, submitting an interview signs the candidate out after this visible countdown, in seconds.'),
  'interview.requireProctorSitting': policy('Proctor sitting required', 'RequireProctorSitting', 'interview', 'At a kiosk, a candidate can start an interview only in a sitting a proctor opened for them. Turn off only for unproctored kiosks.'),

  'lockdown.prohibitedProcesses': policy('Prohibited programs', 'ProhibitedPrograms', 'lockdown', 'The programs that may not run during a sitting, as JSON: [{"name": "zoom", "category": "screen_sharing"}]. Categories: screen_sharing, remote_access, ai_assistant, other_browser, virtual_audio_camera. null keeps the built-in list; [] checks nothing.'),
  'lockdown.allowVirtualMachine': policy('Virtual machine allowed', 'AllowVirtualMachine', 'lockdown', 'A kiosk that is a virtual machine (a VDI desktop) is not noted on the interview. It is never blocked either way.'),
  'lockdown.allowRemoteSession': policy('Remote session allowed', 'AllowRemoteSession', 'lockdown', 'A kiosk used through a remote session (RDP, SSH) is not noted on the interview. It is never blocked either way.'),
  'lockdown.maxDisplays': policy('Displays at a sitting', 'MaxDisplays', 'lockdown', 'The most displays a kiosk may have connected when a proctor opens a sitting; 0 (or null in the Linux file) means no limit.'),
  'lockdown.builtInDisplayOnly': policy('Built-in display only', 'BuiltInDisplayOnly', 'lockdown', 'Only the kiosk’s built-in display may be in use at a sitting (a laptop used as a kiosk).'),

  'audit.retentionDays': policy('Audit trail retention', 'AuditRetentionDays', 'records', 'Days the AI audit trail is kept on this device: at least six months, the least the law allows for records of AI decisions.'),
  'retention.recordingsDays': policy('Recordings retention', 'RecordingsRetentionDays', 'records', 'Days answer recordings are kept after the interview; 0 (or null in the Linux file) keeps them.'),
  'retention.transcriptsDays': policy('Transcripts retention', 'TranscriptsRetentionDays', 'records', 'Days transcripts are kept after the interview; 0 (or null in the Linux file) keeps them.'),
  'retention.resumesDays': policy('Resumes retention', 'ResumesRetentionDays', 'records', 'Days resumes are kept after their upload; 0 (or null in the Linux file) keeps them.'),
  'retention.assessmentsDays': policy('Assessments retention', 'AssessmentsRetentionDays', 'records', 'Days scores and assessments are kept after the interview; 0 (or null in the Linux file) keeps them.'),

  'network.proxyMode': policy('Proxy mode', 'ProxyMode', 'network', 'system: the proxy in HTTPS_PROXY, HTTP_PROXY and NO_PROXY. direct: no proxy. manual: the proxy in ProxyUrl. Used for the AI provider, email, sync and updates.'),
  'network.proxyUrl': policy('Proxy address', 'ProxyUrl', 'network', 'The proxy for manual mode, as http://host:port, without a password (each device keeps that in its keychain as "Proxy password").'),
  'network.proxyUsername': policy('Proxy username', 'ProxyUsername', 'network', 'The user name sent when the proxy asks for one; the password stays in each device’s keychain.'),
  'network.proxyBypass': policy('Proxy bypass list', 'ProxyBypass', 'network', 'Hosts reached directly, separated by commas or semicolons: host, *.corp.example, host:port, <local>, <-loopback>.'),
  'network.caBundlePath': policy('CA bundle path', 'CaBundlePath', 'network', 'A PEM file of CA certificates trusted besides the built-in ones, for networks that inspect TLS; empty: none.'),

  'backup.count': policy('Backups kept', 'BackupCount', 'records', 'How many rotating backups of the device’s database are kept.'),
  'backup.intervalHours': policy('Backup interval', 'BackupIntervalHours', 'records', 'Hours between two backups of the device’s database.'),

  'updates.enabled': policy('Automatic updates', 'UpdatesEnabled', 'updates', 'Download and install new versions of the app from the update feed: in the background, installed between sittings on a kiosk and on quit on a laptop.'),
  'updates.feedUrl': policy('Update feed', 'UpdateFeedUrl', 'updates', 'The https:// address of the update feed IT publishes releases to. Empty: this device does not look for updates (the app has no feed of its own).'),
  'updates.channel': policy('Update channel', 'UpdateChannel', 'updates', 'stable: releases for every device. pilot: releases IT tries on a few devices first.'),
  'updates.checkIntervalHours': policy('Update check interval', 'UpdateCheckIntervalHours', 'updates', 'Hours between two checks of the update feed.'),
  'updates.deferHours': policy('Update deferral', 'UpdateDeferHours', 'updates', 'Hours after a release is published before this device takes it (0 to 720): rings for a staged rollout, e.g. 0 for pilot devices and 48 for the rest.'),
  'updates.managedByIt': policy('Updates managed by IT', 'UpdatesManagedByIt', 'updates', 'IT’s own tooling (Intune, SCCM, apt) updates this device: the app downloads nothing and reports that it is managed.'),
  'updates.signingKeys': policy('Update signing keys', 'UpdateSigningKeys', 'updates', 'The public release keys (base64 Ed25519) an update must be signed with, as a JSON list: ["…="]. At most 5. Empty: no update can be verified, so none is installed (the app has no key of its own).'),
};

export const settingKeys = Object.keys(settingDeclarations) as SettingKey[];

/** The settings IT may set by policy, in declaration order, with their policy. */
export const policySettings: readonly { key: SettingKey; title: string; policy: SettingPolicy }[] = settingKeys.flatMap((key) => {
  const declaration = settingDeclarations[key];
  return declaration.policy === false ? [] : [{ key, title: declaration.title, policy: declaration.policy }];
});

/** The key that a policy name sets, e.g. EndOfTurnSilenceMs → interview.endOfTurnSilenceMs. */
export function settingForPolicy(name: string): SettingKey | null {
  return policySettings.find((entry) => entry.policy.name === name)?.key ?? null;
}

/**
 * Where each OS keeps the policy, shared by the generated templates
 * (scripts/build-policy.ts) and the app that reads them, so the two cannot
 * drift. The macOS domain is the app's bundle id (electron-builder.yml appId).
 */
export const policyLocations = {
  /** Under HKEY_LOCAL_MACHINE only: device settings are the machine's, never one user's. */
  windowsRegistryKey: 'Software\\Policies\\Teamified\\Kiosk',
  macBundleId: 'com.teamified.kiosk',
  macManagedPreferences: '/Library/Managed Preferences/com.teamified.kiosk.plist',
  linuxFile: '/etc/teamified-kiosk/policy.json',
} as const;
