import { describe, expect, it } from 'vitest';
import { MicrophoneWatch, virtualMicrophoneMatch, type MicrophoneSignal, type WatchedDevices, type WatchedTrack } from '../../../src-renderer/src/voice/microphone-watch';

/** A microphone track as the watch sees it: a label, a device id, and an `ended` event the test fires. */
class FakeTrack extends EventTarget implements WatchedTrack {
  readyState: MediaStreamTrackState = 'live';
  constructor(
    readonly label: string,
    private readonly deviceId: string,
  ) {
    super();
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

class FakeDevices extends EventTarget implements WatchedDevices {
  inputs: { kind: string; deviceId: string; label: string }[] = [];
  enumerateDevices() {
    return Promise.resolve(this.inputs);
  }
  change(inputs: { deviceId: string; label: string }[]): void {
    this.inputs = inputs.map((input) => ({ kind: 'audioinput', ...input }));
    this.dispatchEvent(new Event('devicechange'));
  }
}

function watching(devices: FakeDevices | null = new FakeDevices()) {
  const signals: MicrophoneSignal[] = [];
  return { signals, watch: new MicrophoneWatch((signal) => signals.push(signal), devices), devices };
}

describe('the microphone watch', () => {
  it('knows virtual microphones by name, and ordinary ones as ordinary', () => {
    expect(virtualMicrophoneMatch('BlackHole 2ch')).toBe('blackhole');
    expect(virtualMicrophoneMatch('CABLE Output (VB-Audio Virtual Cable)')).toBe('vb-audio');
    expect(virtualMicrophoneMatch('Voicemeeter Out B1 (VB-Audio Voicemeeter VAIO)')).toBe('vb-audio');
    expect(virtualMicrophoneMatch('Microphone (Krisp Microphone)')).toBe('krisp');
    expect(virtualMicrophoneMatch('Loopback Audio')).toBe('loopback audio');
    for (const ordinary of ['MacBook Pro Microphone', 'Default - Microphone (Realtek(R) Audio)', 'Jabra Speak 510 USB', 'Robson USB mic', '']) {
      expect(virtualMicrophoneMatch(ordinary), ordinary).toBeNull();
    }
  });

  it('records a virtual microphone at once, with its label and what marked it', () => {
    const { signals, watch } = watching();
    watch.watch(new FakeTrack('BlackHole 2ch', 'bh'));
    expect(signals).toEqual([{ kind: 'virtual_microphone', details: { label: 'BlackHole 2ch', matched: 'blackhole' } }]);
  });

  it('records nothing for an ordinary microphone that stays', () => {
    const { signals, watch, devices } = watching();
    watch.watch(new FakeTrack('Jabra Speak 510 USB', 'jabra'));
    devices!.change([{ deviceId: 'jabra', label: 'Jabra Speak 510 USB' }, { deviceId: 'usb2', label: 'Headset' }]);
    expect(signals).toEqual([]);
  });

  it('records the microphone unplugged (its track ended) once, however often it flaps', () => {
    const { signals, watch } = watching();
    const track = new FakeTrack('Jabra Speak 510 USB', 'jabra');
    watch.watch(track);
    track.end();
    track.end();
    expect(signals).toEqual([{ kind: 'microphone_changed', details: { from: 'Jabra Speak 510 USB', to: 'none' } }]);
  });

  it('records the device list losing the microphone in use, naming what is left', async () => {
    const { signals, watch, devices } = watching();
    watch.watch(new FakeTrack('Jabra Speak 510 USB', 'jabra'));
    devices!.change([{ deviceId: 'other', label: 'BlackHole 2ch' }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(signals).toEqual([{ kind: 'microphone_changed', details: { from: 'Jabra Speak 510 USB', to: 'BlackHole 2ch' } }]);
  });

  it('records a microphone reopened on another device as a change, and a virtual one as virtual too', () => {
    const { signals, watch } = watching(null);
    watch.watch(new FakeTrack('Jabra Speak 510 USB', 'jabra'));
    watch.watch(new FakeTrack('VB-Cable', 'cable'));
    expect(signals).toEqual([
      { kind: 'virtual_microphone', details: { label: 'VB-Cable', matched: 'vb-cable' } },
      { kind: 'microphone_changed', details: { from: 'Jabra Speak 510 USB', to: 'VB-Cable' } },
    ]);
  });

  it('stops listening when stopped', () => {
    const { signals, watch } = watching();
    const track = new FakeTrack('Jabra Speak 510 USB', 'jabra');
    watch.watch(track);
    watch.stop();
    track.end();
    expect(signals).toEqual([]);
  });
});
