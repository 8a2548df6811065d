import { describe, expect, it } from 'vitest';
import { canonicalPayload, entryHashOf, GENESIS_HASH, verifyChains, verifyDeviceChain, type ChainEntry } from '../../../src-main/audit/chain';

const DEVICE = 'device-a';

/** A well-formed chain of `count` entries, sealed the way the repository seals them. */
function chain(count: number, from = 1, prevHash = GENESIS_HASH): ChainEntry[] {
  const entries: ChainEntry[] = [];
  for (let sequence = from; sequence < from + count; sequence += 1) {
    const link = { deviceId: DEVICE, sequence, kind: 'ai_call', interviewId: null, payload: canonicalPayload({ n: sequence, model: 'gpt-x' }), prevHash };
    const entry = { ...link, entryHash: entryHashOf(link) };
    entries.push(entry);
    prevHash = entry.entryHash;
  }
  return entries;
}

function seal(entry: Omit<ChainEntry, 'entryHash'>): ChainEntry {
  return { ...entry, entryHash: entryHashOf(entry) };
}

describe('the audit hash chain', () => {
  it('holds for an untouched chain and says which sequences it covers', () => {
    expect(verifyDeviceChain(DEVICE, chain(3))).toEqual({ deviceId: DEVICE, intact: true, entries: 3, first: 1, last: 3 });
    expect(verifyDeviceChain(DEVICE, [])).toMatchObject({ intact: true, entries: 0, first: null });
  });

  it('stores payloads canonically, so key order never changes a hash', () => {
    expect(canonicalPayload({ b: 1, a: 2 })).toBe(canonicalPayload({ a: 2, b: 1 }));
  });

  it('names the entry whose payload was changed', () => {
    const entries = chain(4);
    entries[2] = { ...entries[2]!, payload: canonicalPayload({ n: 3, model: 'other' }) };
    expect(verifyDeviceChain(DEVICE, entries)).toMatchObject({ intact: false, broken: { reason: 'payload_changed', sequence: 3 } });
  });

  it('names the gap a deleted entry leaves, and a deleted first entry', () => {
    const entries = chain(5);
    expect(verifyDeviceChain(DEVICE, [...entries.slice(0, 2), ...entries.slice(3)])).toMatchObject({ intact: false, broken: { reason: 'missing', sequence: 3 } });
    expect(verifyDeviceChain(DEVICE, entries.slice(2))).toMatchObject({ broken: { reason: 'missing', sequence: 1, detail: expect.stringMatching(/entries 1–2 are missing/) } });
  });

  it('sees an entry re-sealed after a change: its predecessor link no longer holds', () => {
    const entries = chain(3);
    entries[1] = seal({ ...entries[1]!, payload: canonicalPayload({ n: 2, model: 'forged' }) });
    expect(verifyDeviceChain(DEVICE, entries)).toMatchObject({ broken: { reason: 'link_broken', sequence: 3 } });
  });

  it('reports rows listed out of order', () => {
    const entries = chain(3);
    expect(verifyDeviceChain(DEVICE, [entries[0]!, entries[1]!, entries[1]!])).toMatchObject({ broken: { reason: 'out_of_order', sequence: 2 } });
  });

  it('starts after a retention anchor from the hash it names, and checks the anchor too', () => {
    const old = chain(3);
    const kept = chain(2, 4, old[2]!.entryHash);
    const anchorPayload = canonicalPayload({ throughSequence: 3, throughHash: old[2]!.entryHash, removed: 3, cutoff: '2026-01-01T00:00:00.000Z' });
    const anchor = seal({ deviceId: DEVICE, sequence: 6, kind: 'retention_prune', interviewId: null, payload: anchorPayload, prevHash: kept[1]!.entryHash });
    expect(verifyDeviceChain(DEVICE, [...kept, anchor])).toEqual({ deviceId: DEVICE, intact: true, entries: 3, first: 4, last: 6 });
    // Another device that still holds the removed entries checks the same chain from the same point.
    expect(verifyDeviceChain(DEVICE, [...old, ...kept, anchor])).toMatchObject({ intact: true, first: 4 });
    const moved = { ...anchor, payload: anchorPayload.replace('"throughSequence":3', '"throughSequence":4') };
    // A changed anchor (hiding entry 4) is named itself, before it could move where checking starts.
    expect(verifyDeviceChain(DEVICE, [...kept.slice(1), moved])).toMatchObject({ intact: false, broken: { reason: 'payload_changed', sequence: 6 } });
    expect(verifyDeviceChain(DEVICE, [...kept, moved])).toMatchObject({ intact: false, broken: { reason: 'payload_changed', sequence: 6 } });
    // Without the anchor, the removed range is a gap again.
    expect(verifyDeviceChain(DEVICE, kept)).toMatchObject({ broken: { reason: 'missing', sequence: 1 } });
  });

  it('checks each device on its own', () => {
    const other = chain(2).map((entry) => seal({ ...entry, deviceId: 'device-b' }));
    const verdicts = verifyChains([...chain(2), ...other]);
    expect(verdicts.map((verdict) => [verdict.deviceId, verdict.intact])).toEqual([
      ['device-a', true],
      ['device-b', false],
    ]);
  });
});
