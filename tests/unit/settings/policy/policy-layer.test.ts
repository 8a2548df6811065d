import { describe, expect, it } from 'vitest';
import { PolicyLayer } from '../../../../src-main/settings/policy/policy-layer';
import type { PolicyReading, PolicySource } from '../../../../src-main/settings/policy/policy-source';

/** A source that never reads anything itself: each test hands the layer its readings. */
const source: PolicySource = {
  location: '/etc/teamified-kiosk/policy.json',
  readNow: () => ({ status: 'none' }),
  read: async () => ({ status: 'none' }),
};
const read = (values: Record<string, unknown>): PolicyReading => ({ status: 'read', values });

describe('PolicyLayer', () => {
  it('turns policy names into settings, taking each store’s spelling of a value', () => {
    const state = new PolicyLayer(source).apply(
      read({
        DeviceMode: 'recruiter',
        EndOfTurnSilenceMs: 3000,
        LiveTranscription: 0, // a registry DWORD
        RequireProctorSitting: true, // a plist or JSON boolean
        MaxDisplays: 0, // none, where the store has no null
        RecordingsRetentionDays: null,
        SmtpPort: '465', // a number typed as registry text
        ProhibitedPrograms: '[{"name":"zoom","category":"screen_sharing"}]', // JSON text in the registry
      }),
    );
    expect(state.problems).toEqual([]);
    expect(state.layer).toEqual({
      mode: 'recruiter',
      provider: { liveTranscription: false },
      smtp: { port: 465 },
      interview: { endOfTurnSilenceMs: 3000, requireProctorSitting: true },
      lockdown: { prohibitedProcesses: [{ name: 'zoom', category: 'screen_sharing' }], maxDisplays: null },
      retention: { recordingsDays: null },
    });
    expect(state.names).toMatchObject({ mode: 'DeviceMode', 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs', 'lockdown.maxDisplays': 'MaxDisplays' });
  });

  it('names the policy and the setting of a malformed value, keeps its last good value, and applies the rest', () => {
    const layer = new PolicyLayer(source);
    layer.apply(read({ EndOfTurnSilenceMs: 3000, SmtpHost: 'mail.example.com' }));
    const state = layer.apply(read({ EndOfTurnSilenceMs: 50, SmtpHost: 'smtp.example.com' }));
    expect(state.layer).toEqual({ smtp: { host: 'smtp.example.com' }, interview: { endOfTurnSilenceMs: 3000 } });
    expect(state.problems).toEqual([
      'Policy EndOfTurnSilenceMs (End-of-answer silence, interview.endOfTurnSilenceMs) in /etc/teamified-kiosk/policy.json is not valid: End-of-answer silence must be a whole number of milliseconds from 800 to 10000. Until IT corrects it, the last good value, 3000, stays in force.',
    ]);
    // Corrected: the new value applies and the problem goes.
    expect(layer.apply(read({ EndOfTurnSilenceMs: 4000, SmtpHost: 'smtp.example.com' }))).toEqual({
      layer: { smtp: { host: 'smtp.example.com' }, interview: { endOfTurnSilenceMs: 4000 } },
      names: { 'smtp.host': 'SmtpHost', 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs' },
      problems: [],
    });
  });

  it('leaves a setting to the device when its first policy value is already malformed', () => {
    const state = new PolicyLayer(source).apply(read({ DeviceMode: 'kiosks', ProhibitedPrograms: '[{"name": "zoom"', BuiltInDisplayOnly: 'yes' }));
    expect(state.layer).toEqual({});
    expect(state.names).toEqual({});
    expect(state.problems).toHaveLength(3);
    expect(state.problems[0]).toBe(
      "Policy DeviceMode (Device mode, mode) in /etc/teamified-kiosk/policy.json is not valid: Device mode must be kiosk or recruiter. Until IT corrects it, it is ignored and the device's own value applies.",
    );
    expect(state.problems[1]).toMatch(/^Policy ProhibitedPrograms \(Prohibited programs, lockdown\.prohibitedProcesses\) .* is not valid: it is not valid JSON/);
    expect(state.problems[2]).toContain('The built-in display rule must be true or false');
  });

  it('names a policy it does not know, and applies the ones it does', () => {
    const state = new PolicyLayer(source).apply(read({ DeviceMod: 'kiosk', MaxDisplays: 2 }));
    expect(state.layer).toEqual({ lockdown: { maxDisplays: 2 } });
    expect(state.problems).toEqual(['Policy DeviceMod in /etc/teamified-kiosk/policy.json is not a policy of this app; it is ignored. Check its spelling against the policy templates.']);
  });

  it('keeps the whole last good policy while the source cannot be read, and releases it when IT removes the policy', () => {
    const clock = { ms: 0 };
    const layer = new PolicyLayer(source, { releaseAfterMs: 10_000, now: () => clock.ms });
    layer.apply(read({ DeviceMode: 'recruiter' }));
    const broken = layer.apply({ status: 'unreadable', problem: 'The policy file /etc/teamified-kiosk/policy.json is not valid JSON (Unexpected end).' });
    expect(broken.layer).toEqual({ mode: 'recruiter' });
    expect(broken.problems).toEqual(['The policy file /etc/teamified-kiosk/policy.json is not valid JSON (Unexpected end). The last policy read stays in force until it is corrected.']);
    // A policy IT takes out is released, once a second reading agrees: that is IT's decision, not a fault.
    expect(layer.apply(read({})).layer).toEqual({ mode: 'recruiter' });
    clock.ms = 10_000;
    expect(layer.apply(read({}))).toEqual({ layer: {}, names: {}, problems: [] });
    layer.apply(read({ DeviceMode: 'recruiter' }));
    expect(layer.apply({ status: 'none' }).layer).toEqual({ mode: 'recruiter' });
    clock.ms = 20_000;
    expect(layer.apply({ status: 'none' })).toEqual({ layer: {}, names: {}, problems: [] });
  });

  it('releases a setting only when two readings, the release interval apart, lack it, and applies new values at once', () => {
    const clock = { ms: 0 };
    const layer = new PolicyLayer(source, { releaseAfterMs: 10_000, now: () => clock.ms });
    const enforced = { RequireProctorSitting: 1, MaxDisplays: 1, ProhibitedPrograms: '[]' };
    const inForce = { interview: { requireProctorSitting: true }, lockdown: { prohibitedProcesses: [], maxDisplays: 1 } };
    expect(layer.apply(read(enforced)).layer).toEqual(inForce);
    expect(layer.confirmReleaseInMs()).toBeNull();

    // Group Policy rewriting the key: one poll reads it empty (or gone), the next finds it whole again.
    clock.ms = 60_000;
    expect(layer.apply(read({})).layer).toEqual(inForce);
    expect(layer.confirmReleaseInMs()).toBe(10_000);
    clock.ms = 60_500;
    expect(layer.apply({ status: 'none' }).layer).toEqual(inForce);
    expect(layer.confirmReleaseInMs()).toBe(9_500);
    clock.ms = 61_000;
    expect(layer.apply(read(enforced)).layer).toEqual(inForce);
    expect(layer.confirmReleaseInMs()).toBeNull();

    // A reading too soon after the first does not release; one the interval later does, and only what it still lacks.
    clock.ms = 120_000;
    const changed = layer.apply(read({ RequireProctorSitting: 1, MaxDisplays: 2 }));
    expect(changed.layer).toEqual({ interview: { requireProctorSitting: true }, lockdown: { prohibitedProcesses: [], maxDisplays: 2 } });
    clock.ms = 125_000;
    expect(layer.apply(read({ RequireProctorSitting: 1, MaxDisplays: 2 })).names).toHaveProperty(['lockdown.prohibitedProcesses']);
    // An unreadable policy says nothing about what is gone: the wait goes on.
    clock.ms = 129_999;
    expect(layer.apply({ status: 'unreadable', problem: 'x.' }).names).toHaveProperty(['lockdown.prohibitedProcesses']);
    clock.ms = 130_000;
    const released = layer.apply(read({ RequireProctorSitting: 1, MaxDisplays: 2 }));
    expect(released.layer).toEqual({ interview: { requireProctorSitting: true }, lockdown: { maxDisplays: 2 } });
    expect(released.names).not.toHaveProperty(['lockdown.prohibitedProcesses']);
    expect(layer.confirmReleaseInMs()).toBeNull();
  });

  it('starts without policy, and says so, when the source cannot be read at start', () => {
    const state = new PolicyLayer(source).apply({ status: 'unreadable', problem: 'The policy file x could not be read (EACCES).' });
    expect(state).toEqual({ layer: {}, names: {}, problems: ["The policy file x could not be read (EACCES). No policy applies until it is corrected; the device's own settings are used."] });
  });
});
