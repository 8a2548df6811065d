import type { ConfigurationDifference, ConfigurationProof } from '../../shared/domain/configuration-proof';
import type { ConfigurationSummary } from '../db/json-schemas';
import type { ApprovedConfigurationRecord, AttestationRecord, RecordedConfiguration } from '../repositories/configuration-repository';
import { verifyAttestation } from './attestation-message';
import { canonicalJson } from '../common/canonical-json';
import { configurationKey } from './configuration-key';
import { settingLabel, valueInWords } from './setting-words';

export interface VerdictInputs {
  recorded: RecordedConfiguration | null;
  attestation: AttestationRecord | null;
  /** Live approvals, newest first (a tie in differences goes to the newest). */
  approved: ApprovedConfigurationRecord[];
}

/**
 * What the recruiter is told about an interview's configuration. Checked
 * here, on the laptop, because the hosted database cannot check an Ed25519
 * signature: the summary must hash to the recorded key (else someone edited
 * it), and the attestation must name that key and verify against the key
 * the kiosk registered, over the challenge the server issued.
 */
export function configurationVerdict(inputs: VerdictInputs): ConfigurationProof {
  const { recorded, attestation, approved } = inputs;
  if (!recorded) return { configurationKey: null, attestation: 'not_recorded', approval: 'not_recorded', differences: [], approvedNote: null };
  const key = recorded.configurationKey;
  const approval = approvalOf(recorded, approved);
  return { configurationKey: key, attestation: attestationState(recorded, attestation), ...approval };
}

function attestationState(recorded: RecordedConfiguration, attestation: AttestationRecord | null): ConfigurationProof['attestation'] {
  if (!attestation) return 'missing';
  const intact = configurationKey(recorded.configuration) === recorded.configurationKey;
  const fields = {
    challenge: attestation.challenge,
    deviceId: attestation.deviceId,
    interviewId: recorded.interviewId,
    configurationKey: recorded.configurationKey,
  };
  return intact && attestation.configurationKey === recorded.configurationKey && verifyAttestation(attestation.publicKey, attestation.signature, fields)
    ? 'verified'
    : 'invalid';
}

function approvalOf(recorded: RecordedConfiguration, approved: ApprovedConfigurationRecord[]): Pick<ConfigurationProof, 'approval' | 'differences' | 'approvedNote'> {
  if (approved.length === 0) return { approval: 'none_approved', differences: [], approvedNote: null };
  const match = approved.find((candidate) => candidate.configurationKey === recorded.configurationKey);
  if (match) return { approval: 'approved', differences: [], approvedNote: match.note };
  let nearest: ConfigurationDifference[] | null = null;
  for (const candidate of approved) {
    const differences = differencesBetween(candidate.configuration, recorded.configuration);
    if (nearest === null || differences.length < nearest.length) nearest = differences;
  }
  return { approval: 'differs', differences: nearest ?? [], approvedNote: null };
}

/** Setting by setting: objects are walked, lists and values compared whole. */
export function differencesBetween(approved: ConfigurationSummary, actual: ConfigurationSummary): ConfigurationDifference[] {
  const left = flatten(approved);
  const right = flatten(actual);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((path) => same(left.get(path)) !== same(right.get(path)))
    .map((path) => ({ setting: settingLabel(path), approved: valueInWords(path, left.get(path)), actual: valueInWords(path, right.get(path)) }));
}

function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

/** Key order inside a list's objects is jsonb's, not the kiosk's, by the time a laptop reads it. */
function same(value: unknown): string {
  return value === undefined ? '(absent)' : canonicalJson(value);
}
