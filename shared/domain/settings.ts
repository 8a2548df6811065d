import { z } from 'zod';

/**
 * Device settings. Secrets (API keys, SMTP and device credentials) are never
 * here: they live in the OS keychain behind the secret store.
 */
export const appModes = ['kiosk', 'recruiter'] as const;
export type AppMode = (typeof appModes)[number];

const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'Use an http:// or https:// address.');
const modelName = z.string().min(1).max(100);

export const providerSettingsSchema = z.strictObject({
  baseUrl: httpUrl.default('https://api.openai.com/v1'),
  interviewModel: modelName.default('gpt-4o-mini'),
  resumeParsingModel: modelName.default('gpt-4o-mini'),
  scoringModel: modelName.default('gpt-4o-mini'),
  ttsModel: modelName.default('tts-1'),
  ttsVoice: z.string().min(1).max(50).default('alloy'),
  sttModel: modelName.default('whisper-1'),
});

export const smtpSettingsSchema = z.strictObject({
  host: z.string().max(255).default(''),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  username: z.string().max(255).default(''),
  sender: z.string().max(320).default(''),
});

export const syncSettingsSchema = z.strictObject({
  endpoint: z.string().max(2048).default(''),
});

export const appSettingsSchema = z.strictObject({
  mode: z.enum(appModes).default('kiosk'),
  provider: providerSettingsSchema.default(providerSettingsSchema.parse({})),
  smtp: smtpSettingsSchema.default(smtpSettingsSchema.parse({})),
  sync: syncSettingsSchema.default(syncSettingsSchema.parse({})),
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
function sectionPatch<S extends z.ZodObject>(section: S) {
  const fields = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
  );
  return z.strictObject(fields) as unknown as z.ZodType<Partial<z.output<S>>, Partial<z.output<S>>>;
}

export const settingsPatchSchema = z.strictObject({
  mode: z.enum(appModes).optional(),
  provider: sectionPatch(providerSettingsSchema).optional(),
  smtp: sectionPatch(smtpSettingsSchema).optional(),
  sync: sectionPatch(syncSettingsSchema).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Names of the secrets the keychain may hold; values never leave main. */
export const secretNames = ['openai-api-key', 'smtp-password', 'sync-device-credential'] as const;
export type SecretName = (typeof secretNames)[number];
