/**
 * The microphone in use, watched for the integrity review (issue 17,
 * point 3): a virtual microphone can feed in someone else's voice, and a
 * microphone switched mid-interview can be one. Both are facts for the
 * recruiter, never a lock: a label is only a name (a noise-cancelling
 * driver is virtual too), and a microphone unplugged by accident changes
 * as surely as one swapped on purpose.
 *
 * Plain logic over the track and the device list, so it is tested with
 * fakes; useMicrophoneSignals wires it to the page.
 */

/**
 * Fragments of the names virtual audio inputs give themselves (lower case):
 * audio routers that pass another program's sound in as a microphone
 * (BlackHole, VB-Audio's cables, Voicemeeter, Rogue Amoeba's Loopback,
 * Soundflower), voice changers (Voicemod), streaming and phone-as-microphone
 * tools (OBS, NDI, DroidCam, Iriun), AI noise filters (Krisp, NVIDIA
 * Broadcast), and any device calling itself virtual.
 */
const VIRTUAL_NAME_FRAGMENTS = [
  'blackhole',
  'vb-audio',
  'vb-cable',
  'cable output',
  'voicemeeter',
  'loopback audio',
  'soundflower',
  'voicemod',
  'obs',
  'ndi',
  'droidcam',
  'iriun',
  'krisp',
  'nvidia broadcast',
  'virtual',
] as const;

/** The fragment a device label matched, or null: what the event's evidence names. */
export function virtualMicrophoneMatch(label: string): string | null {
  const name = label.toLowerCase();
  return VIRTUAL_NAME_FRAGMENTS.find((fragment) => new RegExp(`(^|[^a-z])${fragment.replace(/[-]/g, '\\-')}([^a-z]|$)`).test(name)) ?? null;
}

/** What the watch records, with its evidence (device labels, at most 200 characters each). */
export type MicrophoneSignal =
  | { kind: 'virtual_microphone'; details: { label: string; matched: string } }
  | { kind: 'microphone_changed'; details: { from: string; to: string } };

/** The parts of a MediaStreamTrack the watch reads. */
export interface WatchedTrack {
  readonly label: string;
  readonly readyState: MediaStreamTrackState;
  getSettings(): { deviceId?: string };
  addEventListener(type: 'ended', listener: () => void): void;
  removeEventListener(type: 'ended', listener: () => void): void;
}

/** The parts of navigator.mediaDevices the watch reads. */
export interface WatchedDevices {
  enumerateDevices(): Promise<{ kind: string; deviceId: string; label: string }[]>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

const MAX_LABEL = 200;
const labelOf = (label: string) => (label.trim() === '' ? 'an unnamed microphone' : label.trim()).slice(0, MAX_LABEL);

/**
 * Watches the interview's microphone track: says at once if it is
 * virtual, and once if it goes away (unplugged, or the device list no
 * longer has it). A new track (the kiosk reopened the microphone) is
 * compared with the first: another device is a change.
 */
export class MicrophoneWatch {
  private track: WatchedTrack | null = null;
  private firstLabel: string | null = null;
  private firstDeviceId: string | null = null;
  private changed = false;
  private readonly onEnded = () => this.changedTo('');
  private readonly onDeviceChange = () => void this.checkStillThere();

  constructor(
    private readonly report: (signal: MicrophoneSignal) => void,
    private readonly devices: WatchedDevices | null,
  ) {
    this.devices?.addEventListener('devicechange', this.onDeviceChange);
  }

  /** The track the interview listens to (again, after the microphone was reopened). */
  watch(track: WatchedTrack): void {
    if (track === this.track) return;
    this.track?.removeEventListener('ended', this.onEnded);
    this.track = track;
    track.addEventListener('ended', this.onEnded);
    const label = labelOf(track.label);
    const deviceId = track.getSettings().deviceId ?? null;
    const matched = virtualMicrophoneMatch(track.label);
    if (matched) this.report({ kind: 'virtual_microphone', details: { label, matched } });
    if (this.firstLabel === null) {
      this.firstLabel = label;
      this.firstDeviceId = deviceId;
    } else if (label !== this.firstLabel || (deviceId !== null && this.firstDeviceId !== null && deviceId !== this.firstDeviceId)) {
      this.changedTo(label);
    }
    if (track.readyState === 'ended') this.changedTo('');
  }

  stop(): void {
    this.track?.removeEventListener('ended', this.onEnded);
    this.devices?.removeEventListener('devicechange', this.onDeviceChange);
    this.track = null;
  }

  private async checkStillThere(): Promise<void> {
    const track = this.track;
    const deviceId = track?.getSettings().deviceId;
    if (!track || !deviceId || !this.devices) return;
    const inputs = (await this.devices.enumerateDevices().catch(() => null))?.filter((device) => device.kind === 'audioinput');
    if (!inputs || this.track !== track) return;
    if (!inputs.some((device) => device.deviceId === deviceId)) this.changedTo(inputs[0] ? labelOf(inputs[0].label) : '');
  }

  /** Said once: the first change is the evidence, and a device flapping would only repeat it. */
  private changedTo(to: string): void {
    if (this.changed) return;
    this.changed = true;
    this.report({ kind: 'microphone_changed', details: { from: this.firstLabel ?? 'an unnamed microphone', to: to === '' ? 'none' : to } });
  }
}
