import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/domain/settings';
import { publicKeyText, signAttestation } from '../../../src-main/configuration/attestation-message';
import { configurationKey, configurationSummary } from '../../../src-main/configuration/configuration-key';
import { configurationVerdict } from '../../../src-main/configuration/configuration-verdict';
import type { AttestationRecord, RecordedConfiguration } from '../../../src-main/repositories/configuration-repository';

const interviewId = '0190a3f0-0000-7000-8000-000000000002';
const deviceId = '0190a3f0-0000-4000-8000-000000000001';
const shell = { platform: 'linux', sandboxed: true, displays: 1, osKiosk: 'present' };

function recorded(settings = defaultSettings, lockdown: typeof shell | null = shell): RecordedConfiguration {
  const configuration = configurationSummary({ settings, appVersion: '1.4.0', lockdown });
  return { interviewId, configurationKey: configurationKey(configuration), configuration };
}

const { privateKey } = generateKeyPairSync('ed25519');
function attested(of: RecordedConfiguration, challenge = 'c'.repeat(64)): AttestationRecord {
  const signature = signAttestation(privateKey, { challenge, deviceId, interviewId: of.interviewId, configurationKey: of.configurationKey });
  return { interviewId: of.interviewId, deviceId, configurationKey: of.configurationKey, challenge, signature, publicKey: publicKeyText(privateKey), attestedAt: '2026-12-07T03:00:00.000Z' };
}

function approval(of: RecordedConfiguration, note = '') {
  return { configurationKey: of.configurationKey, configuration: of.configuration, note, approvedAt: '2026-12-07T02:00:00.000Z' };
}

describe('configuration verdict', () => {
  it('approved and verified when the attested key is an approved one', () => {
    const mine = recorded();
    expect(configurationVerdict({ recorded: mine, attestation: attested(mine), approved: [approval(mine, 'Sydney centre')] })).toEqual({
      configurationKey: mine.configurationKey,
      attestation: 'verified',
      approval: 'approved',
      differences: [],
      approvedNote: 'Sydney centre',
    });
  });

  it('says setting by setting what differed from the nearest approved configuration', () => {
    const far = recorded({ ...defaultSettings, mode: 'recruiter', interview: { ...defaultSettings.interview, maxDurationMinutes: 90 } });
    const near = recorded();
    const mine = recorded({ ...defaultSettings, lockdown: { ...defaultSettings.lockdown, maxDisplays: 2 } }, { ...shell, displays: 2 });
    const verdict = configurationVerdict({ recorded: mine, attestation: attested(mine), approved: [approval(far), approval(near)] });
    expect(verdict).toMatchObject({ attestation: 'verified', approval: 'differs', approvedNote: null });
    expect(verdict.differences).toEqual([
      { setting: 'Displays allowed at a sitting', approved: '1', actual: '2' },
      { setting: 'Displays connected at the start', approved: '1', actual: '2' },
    ]);
  });

  it('says so when nothing is approved, nothing is attested, or nothing was recorded', () => {
    const mine = recorded();
    expect(configurationVerdict({ recorded: mine, attestation: null, approved: [] })).toMatchObject({ attestation: 'missing', approval: 'none_approved' });
    expect(configurationVerdict({ recorded: null, attestation: null, approved: [approval(mine)] })).toMatchObject({ configurationKey: null, attestation: 'not_recorded', approval: 'not_recorded' });
  });

  it('does not verify an attestation replayed from another interview, or a summary edited after it was hashed', () => {
    const mine = recorded();
    const other = { ...recorded(), interviewId: '0190a3f0-0000-7000-8000-000000000099' };
    const replayed = { ...attested(other), interviewId };
    expect(configurationVerdict({ recorded: mine, attestation: replayed, approved: [] }).attestation).toBe('invalid');
    const edited = { ...mine, configuration: { ...mine.configuration, appVersion: '9.9.9' } };
    expect(configurationVerdict({ recorded: edited, attestation: attested(mine), approved: [] }).attestation).toBe('invalid');
    const otherKey = recorded({ ...defaultSettings, mode: 'recruiter' });
    expect(configurationVerdict({ recorded: mine, attestation: { ...attested(otherKey), interviewId }, approved: [] }).attestation).toBe('invalid');
  });
});
