import { useCallback, useEffect, useRef, useState } from 'react';
import { useKioskEvents } from '../../kiosk-context';
import { MicrophoneError } from '../../voice/microphone';
import { VoiceKit } from '../../voice/voice-kit';
import type { MicrophoneState, SpeakerState } from './self-check-words';

const METER_INTERVAL_MS = 100;
/** The candidate's equipment check counts this level as real sound reaching the microphone (room noise stays below). */
const SOUND_LEVEL = 25;
const TONE_HZ = 440;
const TONE_SECONDS = 1.5;
/** Quiet enough not to startle anyone at headphone volume, loud enough to hear from speakers. */
const TONE_GAIN = 0.2;

export interface DeviceChecks {
  microphone: MicrophoneState;
  /** 0…100, for the level meter while the microphone is open. */
  level: number;
  speakers: SpeakerState;
  playTone(): void;
  /** What the person heard after the tone. */
  answerTone(heard: boolean): void;
  /** Both checks afresh ("Check again"): the microphone is opened again and the tone is to be played again. */
  restart(): void;
}

/** The sound outputs the browser names, or null when it names none (before a microphone permission, or a browser that lists none). */
async function soundOutputs(): Promise<string | null> {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const outputs = devices.filter((device) => device.kind === 'audiooutput');
    const named = outputs.find((device) => device.deviceId === 'default' && device.label) ?? outputs.find((device) => device.label);
    if (!named) return null;
    const others = new Set(outputs.map((device) => device.groupId)).size - 1;
    return others > 0 ? `${named.label} (and ${others} other${others === 1 ? '' : 's'})` : named.label;
  } catch {
    return null;
  }
}

const FRESH_SPEAKERS: SpeakerState = { outputs: null, tone: 'idle', heard: null };

/**
 * The microphone and speakers, checked in the page with the same pieces
 * the candidate's equipment check uses (VoiceKit: one audio context, the
 * microphone opened as the interview opens it, its level). `restart`
 * ("Check again") starts both afresh; leaving the screen closes the
 * microphone.
 */
export function useDeviceChecks(): DeviceChecks {
  const on = useKioskEvents();
  const kitRef = useRef<VoiceKit | null>(null);
  const [round, setRound] = useState(0);
  const [microphone, setMicrophone] = useState<MicrophoneState>({ status: 'opening' });
  const [level, setLevel] = useState(0);
  const [speakers, setSpeakers] = useState<SpeakerState>(FRESH_SPEAKERS);

  useEffect(() => {
    const kit = new VoiceKit(on);
    kitRef.current = kit;
    let live = true;
    // Reached from a button, so the page may start sound: the meter needs a running audio context.
    kit.unlockAudio();
    kit.microphone().then(
      async (stream) => {
        if (!live) return;
        const device = stream.getAudioTracks()[0]?.label;
        setMicrophone({ status: 'open', device: device ? `The microphone “${device}”` : 'The default microphone', heard: false });
        // Listed once the microphone is allowed: browsers name devices only then.
        const outputs = await soundOutputs();
        if (live) setSpeakers((now) => ({ ...now, outputs }));
      },
      (error: unknown) => {
        if (live) setMicrophone({ status: 'error', problem: error instanceof MicrophoneError ? error.problem : 'busy' });
      },
    );
    return () => {
      live = false;
      if (kitRef.current === kit) kitRef.current = null;
      void kit.close();
    };
  }, [on, round]);

  const open = microphone.status === 'open';
  useEffect(() => {
    const kit = kitRef.current;
    if (!open || !kit) return;
    const timer = setInterval(() => {
      const next = kit.level();
      setLevel(next);
      if (next >= SOUND_LEVEL) setMicrophone((now) => (now.status === 'open' && !now.heard ? { ...now, heard: true } : now));
    }, METER_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [open, round]);

  const playTone = useCallback(() => {
    const kit = kitRef.current;
    if (!kit) return;
    try {
      kit.unlockAudio();
      const context = kit.audioContext();
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      const start = context.currentTime;
      oscillator.frequency.value = TONE_HZ;
      // Faded in and out: a tone that starts or stops at full level clicks.
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(TONE_GAIN, start + 0.05);
      gain.gain.setValueAtTime(TONE_GAIN, start + TONE_SECONDS - 0.1);
      gain.gain.linearRampToValueAtTime(0, start + TONE_SECONDS);
      oscillator.connect(gain).connect(context.destination);
      oscillator.onended = () => {
        if (kitRef.current === kit) setSpeakers((now) => ({ ...now, tone: 'played' }));
      };
      oscillator.start(start);
      oscillator.stop(start + TONE_SECONDS);
      setSpeakers((now) => ({ ...now, tone: 'playing', heard: null }));
    } catch {
      setSpeakers((now) => ({ ...now, tone: 'failed' }));
    }
  }, []);

  const answerTone = useCallback((heard: boolean) => setSpeakers((now) => ({ ...now, heard })), []);

  const restart = useCallback(() => {
    setMicrophone({ status: 'opening' });
    setLevel(0);
    setSpeakers(FRESH_SPEAKERS);
    setRound((count) => count + 1);
  }, []);

  return { microphone, level, speakers, playTone, answerTone, restart };
}
