import { z } from 'zod';
import type { ModelPrice } from './ai-models';

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

/**
 * Audio formats the app asks text-to-speech for. flac is left out on
 * purpose: a long text is synthesised in parts, and flac parts cannot be
 * joined into one stream (each carries its own STREAMINFO header).
 */
export const ttsResponseFormats = ['wav', 'mp3', 'opus', 'aac', 'pcm'] as const;
export type TtsResponseFormat = (typeof ttsResponseFormats)[number];

const usdRate = z.number().nonnegative().max(1_000_000);

/**
 * A deployment's own price for a model (its contract, Azure, a local server
 * at 0), in US dollars; each part applies only to the endpoints that bill
 * it. Models it leaves out keep the list prices in ai-models.ts.
 */
export const modelPriceSchema = z.strictObject({
  inputPerMillionTokens: usdRate.optional(),
  cachedInputPerMillionTokens: usdRate.optional(),
  outputPerMillionTokens: usdRate.optional(),
  perAudioMinute: usdRate.optional(),
  perMillionCharacters: usdRate.optional(),
}) satisfies z.ZodType<ModelPrice>;

export const providerSettingsSchema = z.strictObject({
  baseUrl: httpUrl.default('https://api.openai.com/v1'),
  interviewModel: modelName.default('gpt-4o-mini'),
  resumeParsingModel: modelName.default('gpt-4o-mini'),
  scoringModel: modelName.default('gpt-4o-mini'),
  ttsModel: modelName.default('tts-1'),
  ttsVoice: z.string().min(1).max(50).default('alloy'),
  ttsResponseFormat: z.enum(ttsResponseFormats).default('wav'),
  sttModel: modelName.default('whisper-1'),
  /** Tokens one interview may use in language-model calls; 0 means no limit. */
  interviewTokenBudget: z.number().int().min(0).max(100_000_000).default(200_000),
  /** Overrides of the list prices, by model name; empty by default. */
  prices: z.record(modelName, modelPriceSchema).default(() => ({})),
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

/** The spoken interview. */
export const interviewSettingsSchema = z.strictObject({
  /** Silence after speech that ends an answer; shorter cuts off people who pause to think, longer makes every turn slower. */
  endOfTurnSilenceMs: z.number().int().min(800).max(10_000).default(2000),
  /** The interview stops asking once this long has passed since its first question. */
  maxDurationMinutes: z.number().int().min(10).max(240).default(60),
});

export const appSettingsSchema = z.strictObject({
  mode: z.enum(appModes).default('kiosk'),
  provider: providerSettingsSchema.default(providerSettingsSchema.parse({})),
  smtp: smtpSettingsSchema.default(smtpSettingsSchema.parse({})),
  sync: syncSettingsSchema.default(syncSettingsSchema.parse({})),
  interview: interviewSettingsSchema.default(interviewSettingsSchema.parse({})),
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
  interview: sectionPatch(interviewSettingsSchema).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Names of the secrets the keychain may hold; values never leave main. */
export const secretNames = ['openai-api-key', 'smtp-password', 'sync-device-credential'] as const;
export type SecretName = (typeof secretNames)[number];
