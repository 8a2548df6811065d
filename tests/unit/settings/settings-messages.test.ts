import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { settingsPatchSchema } from '../../../shared/domain/settings';
import { createLogger } from '../../../src-main/logging/logger';
import { SettingsError } from '../../../src-main/settings/errors';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';

/*
 * Every way a setting can be refused (wrong type, out of range, too long,
 * not one of the choices) is worded with the setting's name and what it
 * accepts: the same sentence beside the field on the admin screen, in the
 * IPC refusal and in a bad settings file's start-up error.
 */

/** The name each setting's refusals use (the admin screen's label, without its unit), and the unit where there is one. */
const expectedNames: Record<string, { name: string; unit?: string }> = {
  mode: { name: 'Device mode' },
  'provider.baseUrl': { name: 'Provider base URL' },
  'provider.interviewModel': { name: 'Interview model' },
  'provider.resumeParsingModel': { name: 'Resume parsing model' },
  'provider.scoringModel': { name: 'Scoring model' },
  'provider.ttsModel': { name: 'Text-to-speech model' },
  'provider.ttsVoice': { name: 'Text-to-speech voice' },
  'provider.ttsResponseFormat': { name: 'Text-to-speech audio format' },
  'provider.sttModel': { name: 'Speech-to-text model' },
  'provider.liveTranscription': { name: 'The live transcription setting' },
  'provider.liveSttModel': { name: 'Live speech-to-text model' },
  'provider.interviewTokenBudget': { name: 'Interview token budget', unit: 'tokens' },
  'provider.prices': { name: 'Model prices' },
  'smtp.host': { name: 'SMTP host' },
  'smtp.port': { name: 'SMTP port' },
  'smtp.secure': { name: 'The secure (TLS) connection setting' },
  'smtp.username': { name: 'SMTP username' },
  'smtp.sender': { name: 'Sender address' },
  'sync.endpoint': { name: 'Sync endpoint' },
  'errors.collectorDsn': { name: 'Error collector DSN' },
  'interview.endOfTurnSilenceMs': { name: 'End-of-answer silence', unit: 'milliseconds' },
  'interview.maxDurationMinutes': { name: 'Longest interview', unit: 'minutes' },
  'interview.idleSignOutMinutes': { name: 'Idle candidate sign-out', unit: 'minutes' },
  'interview.maxStartsPerHour': { name: 'Interview starts an hour', unit: 'interviews' },
  'interview.signOutAfterSubmitSeconds': { name: 'Sign-out after submitting', unit: 'seconds' },
  'interview.requireProctorSitting': { name: 'The proctor sitting setting' },
  'lockdown.prohibitedProcesses': { name: 'Prohibited programs' },
  'lockdown.allowVirtualMachine': { name: 'The virtual machine allowance' },
  'lockdown.allowRemoteSession': { name: 'The remote session allowance' },
  'lockdown.maxDisplays': { name: 'Displays at a sitting', unit: 'displays' },
  'lockdown.builtInDisplayOnly': { name: 'The built-in display rule' },
  'audit.retentionDays': { name: 'Audit trail retention', unit: 'days' },
  'retention.recordingsDays': { name: 'Recordings retention', unit: 'days' },
  'retention.transcriptsDays': { name: 'Transcripts retention', unit: 'days' },
  'retention.resumesDays': { name: 'Resumes retention', unit: 'days' },
  'retention.assessmentsDays': { name: 'Assessments retention', unit: 'days' },
  'network.proxyMode': { name: 'Proxy mode' },
  'network.proxyUrl': { name: 'Proxy address' },
  'network.proxyUsername': { name: 'Proxy username' },
  'network.proxyBypass': { name: 'Proxy bypass list' },
  'network.caBundlePath': { name: 'CA bundle path' },
  'backup.count': { name: 'Backups kept' },
  'backup.intervalHours': { name: 'Backup interval', unit: 'hours' },
  'updates.enabled': { name: 'The updates setting' },
  'updates.feedUrl': { name: 'Update feed address' },
  'updates.channel': { name: 'Update channel' },
  'updates.checkIntervalHours': { name: 'Update check interval', unit: 'hours' },
  'updates.deferHours': { name: 'Update deferral', unit: 'hours' },
  'updates.managedByIt': { name: 'The managed-by-IT updates setting' },
  'updates.signingKeys': { name: 'Update signing keys' },
};

/** The dispatcher shows at most this much of a message (src-main/ipc/dispatcher.ts). */
const MAX_SHOWN_CHARS = 160;

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

/** Every setting the patch schema takes, by dotted key. */
function leafSettings(): [string, z.ZodType][] {
  const leaves: [string, z.ZodType][] = [];
  for (const [key, field] of Object.entries(settingsPatchSchema.shape)) {
    const inner = unwrap(field as z.ZodType);
    if (inner instanceof z.ZodObject) {
      for (const [name, setting] of Object.entries(inner.shape as Record<string, z.ZodType>)) leaves.push([`${key}.${name}`, unwrap(setting)]);
    } else {
      leaves.push([key, inner]);
    }
  }
  return leaves;
}

function patchFor(key: string, value: unknown): unknown {
  const [section, name] = key.split('.');
  return name === undefined ? { [section!]: value } : { [section!]: { [name]: value } };
}

/** The most items a list setting takes (its message must say it). */
function maxLength(schema: z.ZodArray): number {
  const checks = schema._zod.def.checks ?? [];
  const max = checks.map((check) => check._zod.def as { check: string; maximum?: number }).find((def) => def.check === 'max_length')?.maximum;
  if (max === undefined) throw new Error('A list setting needs a maximum length, and a message that says it.');
  return max;
}

/** Bad values for a setting, by what is wrong with them, and what its message must say besides its name. */
function badValues(schema: z.ZodType): { cases: [string, unknown][]; mentions: string[] } {
  if (schema instanceof z.ZodNumber) {
    const min = schema.minValue!;
    const max = schema.maxValue!;
    return {
      cases: [
        ['below the range', min - 1],
        ['above the range', max + 1],
        ['a fraction', min + 0.5],
        ['text', 'abc'],
        ['a number as text', String(min)],
        ['empty', null],
      ],
      mentions: ['whole number', String(min), String(max)],
    };
  }
  if (schema instanceof z.ZodString) {
    const max = schema.maxLength!;
    const cases: [string, unknown][] = [
      ['too long', 'x'.repeat(max + 1)],
      ['a number', 42],
    ];
    if ((schema.minLength ?? 0) > 0) cases.push(['empty', '']);
    return { cases, mentions: [String(max), 'characters'] };
  }
  if (schema instanceof z.ZodEnum) {
    return {
      cases: [
        ['not one of the choices', 'something-else'],
        ['a number', 42],
      ],
      mentions: schema.options.map(String),
    };
  }
  if (schema instanceof z.ZodBoolean) return { cases: [['text', 'yes']], mentions: ['true or false'] };
  if (schema instanceof z.ZodRecord) return { cases: [['not an object', 'cheap']], mentions: ['by model name'] };
  // A number that may be null (for no limit): the number's refusals but null, and the message says null is taken.
  if (schema instanceof z.ZodNullable && schema.unwrap() instanceof z.ZodNumber) {
    const number = badValues(schema.unwrap() as z.ZodType);
    return { cases: number.cases.filter(([, value]) => value !== null), mentions: [...number.mentions, 'null'] };
  }
  // A list that may be null (for a built-in one): what it is a list of, and how long it may be.
  if (schema instanceof z.ZodNullable && schema.unwrap() instanceof z.ZodArray) {
    const max = maxLength(schema.unwrap() as z.ZodArray);
    return {
      cases: [
        ['not a list', 'zoom'],
        ['an object', { name: 'zoom' }],
        ['too long', Array.from({ length: max + 1 }, (_, i) => ({ name: `program-${i}`, category: 'other_browser' }))],
      ],
      mentions: ['list', String(max), 'null'],
    };
  }
  // A list of text (the update signing keys): not a list, an item that is not text, and too many items (each one valid).
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodString) {
    const max = maxLength(schema);
    return {
      cases: [
        ['not a list', 'key'],
        ['an item that is not text', [42]],
        ['too long', Array.from({ length: max + 1 }, () => `${'A'.repeat(43)}=`)],
      ],
      mentions: ['list', String(max)],
    };
  }
  throw new Error(`The test does not know how to break a ${schema.constructor.name}: teach it, and give the setting a message.`);
}

describe('settings validation messages', () => {
  it('knows every setting (a new one needs a name here and messages in its schema)', () => {
    expect(leafSettings().map(([key]) => key).sort()).toEqual(Object.keys(expectedNames).sort());
  });

  for (const [key, schema] of leafSettings()) {
    it(`${key}: every refusal names the setting and what it accepts`, () => {
      const { name, unit } = expectedNames[key]!;
      const { cases, mentions } = badValues(schema);
      for (const [what, value] of cases) {
        const result = settingsPatchSchema.safeParse(patchFor(key, value));
        expect(result.success, `${key} ${what}`).toBe(false);
        const issues = result.error!.issues;
        expect(issues, `${key} ${what}: one problem, said once`).toHaveLength(1);
        const [issue] = issues;
        // A list's refusal of one item is placed at that item (updates.signingKeys.0).
        expect(issue!.path.join('.'), `${key} ${what}`).toMatch(new RegExp(`^${key.replace('.', '\\.')}(\\.\\d+)?$`));
        expect(issue!.message.startsWith(`${name} must be `), `${key} ${what}: ${issue!.message}`).toBe(true);
        for (const mention of [...mentions, ...(unit ? [unit] : [])]) expect(issue!.message, `${key} ${what}`).toContain(mention);
        expect(issue!.message.length).toBeLessThanOrEqual(MAX_SHOWN_CHARS);
      }
    });
  }

  it('names the model prices, their model names and each price with its unit', () => {
    const messages = (prices: unknown) => settingsPatchSchema.safeParse({ provider: { prices } }).error?.issues.map((issue) => issue.message);
    expect(messages({ 'gpt-4o': { inputPerMillionTokens: -1 } })).toEqual([
      'A model price per million input tokens must be a number of US dollars from 0 to 1000000.',
    ]);
    expect(messages({ 'gpt-4o': { perAudioMinute: 'free' } })).toEqual(['A model price per audio minute must be a number of US dollars from 0 to 1000000.']);
    expect(messages({ 'gpt-4o': 5 })).toEqual(['Each model price must be an object of prices in US dollars.']);
    expect(messages({ ['m'.repeat(101)]: { inputPerMillionTokens: 1 } })).toEqual(['Each model name in the model prices must be 1 to 100 characters.']);
  });

  it('says what a section and the whole set of settings must be', () => {
    expect(settingsPatchSchema.safeParse({ interview: 4 }).error?.issues[0]?.message).toBe('The interview settings must be an object of named settings.');
    expect(settingsPatchSchema.safeParse({ lockdown: [] }).error?.issues[0]?.message).toBe('The lockdown settings must be an object of named settings.');
    expect(settingsPatchSchema.safeParse(['kiosk']).error?.issues[0]?.message).toBe(
      'Settings must be an object of sections (mode, provider, smtp, sync, errors, interview, lockdown, audit, retention, network, backup, updates).',
    );
  });

  it('names each prohibited program that is refused, and what a program must be', () => {
    const issues = (prohibitedProcesses: unknown) =>
      settingsPatchSchema.safeParse({ lockdown: { prohibitedProcesses } }).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    const nameRule = "A prohibited program's name must be an executable's name (no folder) of 1 to 100 characters.";
    expect(issues([{ name: 'C:\\Program Files\\Zoom\\Zoom.exe', category: 'screen_sharing' }])).toEqual([['lockdown.prohibitedProcesses.0.name', nameRule]]);
    expect(issues([{ name: 'zoom', category: 'screen_sharing' }, { name: '  ', category: 'screen_sharing' }])).toEqual([['lockdown.prohibitedProcesses.1.name', nameRule]]);
    expect(issues([{ name: 'x'.repeat(101), category: 'screen_sharing' }])).toEqual([['lockdown.prohibitedProcesses.0.name', nameRule]]);
    expect(issues([{ name: 'zoom', category: 'conferencing' }])).toEqual([
      [
        'lockdown.prohibitedProcesses.0.category',
        "A prohibited program's category must be one of screen_sharing, remote_access, ai_assistant, other_browser, virtual_audio_camera.",
      ],
    ]);
    expect(issues(['zoom'])).toEqual([['lockdown.prohibitedProcesses.0', 'Each prohibited program must be an object of a name and a category.']]);
    expect(issues([{ name: 'zoom' }])?.[0]?.[0]).toBe('lockdown.prohibitedProcesses.0.category');
  });

  it('takes a list of programs, null for the built-in list, and the allowances', () => {
    const patch = {
      lockdown: {
        prohibitedProcesses: [{ name: ' Zoom.exe ', category: 'screen_sharing' }],
        allowVirtualMachine: true,
        allowRemoteSession: false,
      },
    };
    expect(settingsPatchSchema.parse(patch)).toEqual({ lockdown: { ...patch.lockdown, prohibitedProcesses: [{ name: 'Zoom.exe', category: 'screen_sharing' }] } });
    expect(settingsPatchSchema.parse({ lockdown: { prohibitedProcesses: null } })).toEqual({ lockdown: { prohibitedProcesses: null } });
    expect(settingsPatchSchema.parse({ lockdown: { prohibitedProcesses: [] } })).toEqual({ lockdown: { prohibitedProcesses: [] } });
  });
});

describe('the messages where they are shown', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-settings-messages-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function service(machineFilePath: string | null = null): SettingsService {
    return new SettingsService({ backend: new FileSettingsBackend(join(dir, 'settings.json')), machineFilePath, logger: createLogger({ sink: () => {} }) });
  }

  function refusal(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      return (error as SettingsError).message;
    }
    throw new Error('expected the settings to be refused');
  }

  it.each([
    ['out of range ("4" for the end-of-answer silence)', { interview: { endOfTurnSilenceMs: 4 } }, 'interview.endOfTurnSilenceMs: End-of-answer silence must be a whole number of milliseconds from 800 to 10000.'],
    ['of the wrong type', { interview: { maxDurationMinutes: 'an hour' } }, 'interview.maxDurationMinutes: Longest interview must be a whole number of minutes from 10 to 240.'],
    ['too long', { smtp: { host: `${'mail.'.repeat(60)}example.com` } }, 'smtp.host: SMTP host must be text of at most 255 characters.'],
  ])('a save %s says which setting and its range', (_what, patch, expected) => {
    expect(refusal(() => service().update(patch as never))).toBe(`Settings not saved: ${expected}`);
  });

  it("IT's list of prohibited programs replaces the built-in one, and a bad entry stops start-up saying which", () => {
    const machine = join(dir, 'machine.json');
    writeFileSync(machine, JSON.stringify({ lockdown: { prohibitedProcesses: [{ name: 'AnyDesk.exe', category: 'remote_access' }], allowVirtualMachine: true } }));
    const settings = service(machine);
    expect(settings.get().lockdown).toEqual({ prohibitedProcesses: [{ name: 'AnyDesk.exe', category: 'remote_access' }], allowVirtualMachine: true, allowRemoteSession: false, maxDisplays: 1, builtInDisplayOnly: false });
    expect(settings.view().managedKeys).toEqual(['lockdown.prohibitedProcesses', 'lockdown.allowVirtualMachine']);
    expect(service().get().lockdown).toEqual({ prohibitedProcesses: null, allowVirtualMachine: false, allowRemoteSession: false, maxDisplays: 1, builtInDisplayOnly: false });

    writeFileSync(machine, JSON.stringify({ lockdown: { prohibitedProcesses: [{ name: 'AnyDesk.exe', category: 'remote' }] } }));
    expect(refusal(() => service(machine))).toBe(
      `IT-managed settings file ${machine} is invalid: lockdown.prohibitedProcesses.0.category: A prohibited program's category must be one of ` +
        'screen_sharing, remote_access, ai_assistant, other_browser, virtual_audio_camera. Ask IT to correct it.',
    );
  });

  it("IT's settings file out of range says which setting and its range", () => {
    const machine = join(dir, 'machine.json');
    writeFileSync(machine, JSON.stringify({ smtp: { port: 0 } }));
    expect(refusal(() => service(machine))).toBe(
      `IT-managed settings file ${machine} is invalid: smtp.port: SMTP port must be a whole number from 1 to 65535. Ask IT to correct it.`,
    );
  });
});
