import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/**
 * The audit trail's hash chain (issue 18, point 3). Each device numbers its
 * own entries 1, 2, 3, … and seals each one with the SHA-256 of its
 * identity, its canonical payload and the previous entry's hash. Changing an
 * entry changes its hash; deleting one leaves a gap in the numbers; either
 * way the chain breaks at that entry. Pure code: the repository stores the
 * entries, the CLI and the review screen ask this module whether they hold.
 */

export const auditKinds = ['ai_call', 'assessment', 'retention_prune'] as const;
export type AuditKind = (typeof auditKinds)[number];

/** The previous hash of a device's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  deviceId: string;
  sequence: number;
  kind: string;
  interviewId: string | null;
  /** Canonical JSON text, exactly as stored and hashed. */
  payload: string;
  prevHash: string;
}

export interface ChainEntry extends ChainLink {
  entryHash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The payload as it is stored and hashed: canonical, so the same facts always give the same text. */
export function canonicalPayload(payload: unknown): string {
  return canonicalJson(payload);
}

/** The seal of one entry: every field that says what it is, in a fixed order, hashed together with its predecessor's seal. */
export function entryHashOf(link: ChainLink): string {
  return sha256Hex(canonicalJson([link.deviceId, link.sequence, link.kind, link.interviewId, link.payload, link.prevHash]));
}

/** What a retention_prune entry's payload says: entries up to this sequence were removed, the last of them had this hash. */
export interface PruneAnchor {
  throughSequence: number;
  throughHash: string;
  removed: number;
  cutoff: string;
}

export type ChainBreak =
  | { reason: 'missing'; sequence: number; detail: string }
  | { reason: 'out_of_order'; sequence: number; detail: string }
  | { reason: 'payload_changed'; sequence: number; detail: string }
  | { reason: 'link_broken'; sequence: number; detail: string };

export type ChainVerdict =
  | { deviceId: string; intact: true; entries: number; first: number | null; last: number | null }
  | { deviceId: string; intact: false; entries: number; broken: ChainBreak };

function anchorOf(entry: ChainEntry): PruneAnchor | null {
  if (entry.kind !== 'retention_prune') return null;
  try {
    const value = JSON.parse(entry.payload) as Partial<PruneAnchor>;
    if (typeof value.throughSequence === 'number' && typeof value.throughHash === 'string') return value as PruneAnchor;
  } catch {
    // A payload that is not JSON fails its own hash check below.
  }
  return null;
}

/**
 * Checks one device's entries, in the order given (the repository lists them
 * by sequence; a row whose sequence is not above the one before is reported
 * as out of order). The chain starts at sequence 1 from GENESIS_HASH, or,
 * after a retention prune, right after the newest anchor's removed range,
 * from the hash the anchor names: the anchor itself is inside the chain, so
 * it cannot be changed or dropped without the check seeing it.
 */
export function verifyDeviceChain(deviceId: string, entries: readonly ChainEntry[]): ChainVerdict {
  let start = { sequence: 1, prevHash: GENESIS_HASH };
  for (const entry of entries) {
    if (entry.kind !== 'retention_prune') continue;
    // An anchor decides where checking starts, so its own seal is checked before it is believed.
    if (entryHashOf(entry) !== entry.entryHash) {
      return { deviceId, intact: false, entries: entries.length, broken: changed(entry.sequence) };
    }
    const anchor = anchorOf(entry);
    // An anchor counts only for entries before itself; it is then checked as part of the chain it starts.
    if (anchor && anchor.throughSequence < entry.sequence && anchor.throughSequence + 1 > start.sequence) start = { sequence: anchor.throughSequence + 1, prevHash: anchor.throughHash };
  }
  const kept = entries.filter((entry) => entry.sequence >= start.sequence);
  const broken = (verdict: ChainBreak): ChainVerdict => ({ deviceId, intact: false, entries: kept.length, broken: verdict });
  let expected = start.sequence;
  let prevHash = start.prevHash;
  for (const entry of kept) {
    if (entry.sequence < expected) {
      return broken({ reason: 'out_of_order', sequence: entry.sequence, detail: `entry ${entry.sequence} comes after entry ${expected - 1}; sequences must rise by one` });
    }
    if (entry.sequence > expected) {
      const missing = entry.sequence - 1 === expected ? `entry ${expected} is missing` : `entries ${expected}–${entry.sequence - 1} are missing`;
      return broken({ reason: 'missing', sequence: expected, detail: `${missing} (a gap before entry ${entry.sequence})` });
    }
    if (entryHashOf(entry) !== entry.entryHash) {
      return broken(changed(entry.sequence));
    }
    if (entry.prevHash !== prevHash) {
      return broken({ reason: 'link_broken', sequence: entry.sequence, detail: `entry ${entry.sequence} names a previous hash that is not entry ${entry.sequence - 1}'s: the chain was rewritten before it` });
    }
    prevHash = entry.entryHash;
    expected += 1;
  }
  return { deviceId, intact: true, entries: kept.length, first: kept[0]?.sequence ?? null, last: kept.at(-1)?.sequence ?? null };
}

function changed(sequence: number): ChainBreak {
  return { reason: 'payload_changed', sequence, detail: `entry ${sequence} no longer matches its own hash: its content was changed after it was written` };
}

/** A verdict in a sentence, as `audit verify` prints it and the review screen shows it. */
export function describeVerdict(verdict: ChainVerdict): string {
  if (verdict.intact) {
    const range = verdict.first === null ? 'no entries' : `sequences ${verdict.first}–${verdict.last}`;
    return `chain intact: ${verdict.entries} entries (${range})`;
  }
  return `chain BROKEN at sequence ${verdict.broken.sequence} (${verdict.broken.reason}): ${verdict.broken.detail}`;
}

/** Every device's chain, from entries of any devices in sequence order per device. */
export function verifyChains(entries: readonly ChainEntry[]): ChainVerdict[] {
  const byDevice = new Map<string, ChainEntry[]>();
  for (const entry of entries) {
    const list = byDevice.get(entry.deviceId) ?? [];
    list.push(entry);
    byDevice.set(entry.deviceId, list);
  }
  return [...byDevice].sort(([a], [b]) => (a < b ? -1 : 1)).map(([deviceId, list]) => verifyDeviceChain(deviceId, list));
}
