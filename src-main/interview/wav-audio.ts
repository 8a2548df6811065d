import { scanWavHeader, wavHeader, WavFormatError, type WavFormat } from '../audio/wav';

/** What the kiosk plays and stores: 16-bit little-endian mono PCM. */
export const PCM_CODEC = 'pcm_s16le';

/** OpenAI's `pcm` speech format: 24 kHz, 16-bit, mono, no header. */
export const OPENAI_PCM_FORMAT: WavFormat = { audioFormat: 1, channels: 1, sampleRate: 24_000, bitsPerSample: 16 };

export class AudioFormatError extends Error {
  override readonly name = 'AudioFormatError';
}

export function isPlayablePcm(format: WavFormat): boolean {
  return format.audioFormat === 1 && format.channels === 1 && format.bitsPerSample === 16 && format.sampleRate >= 8000 && format.sampleRate <= 48_000;
}

export function sameFormat(a: WavFormat, b: WavFormat): boolean {
  return a.audioFormat === b.audioFormat && a.channels === b.channels && a.sampleRate === b.sampleRate && a.bitsPerSample === b.bitsPerSample;
}

export function bytesPerSecond(format: WavFormat): number {
  return format.sampleRate * format.channels * (format.bitsPerSample / 8);
}

/** How long `bytes` of PCM play, to the millisecond: what an audio row's metadata keeps. */
export function playedSeconds(bytes: number, format: WavFormat): number {
  return Math.round((bytes / bytesPerSecond(format)) * 1000) / 1000;
}

/** A whole WAV held in memory, as an answer segment arrives: its format and its PCM. */
export function readPcmWav(bytes: Uint8Array): { format: WavFormat; pcm: Uint8Array } {
  let scan: ReturnType<typeof scanWavHeader>;
  try {
    scan = scanWavHeader(bytes);
  } catch (error) {
    throw new AudioFormatError(error instanceof WavFormatError ? error.message : 'not a WAV file');
  }
  if (!scan.complete) throw new AudioFormatError('the WAV header is incomplete');
  if (!isPlayablePcm(scan.format)) {
    throw new AudioFormatError(
      `expected 16-bit mono PCM, got format ${scan.format.audioFormat}, ${scan.format.channels} channel(s), ${scan.format.bitsPerSample}-bit at ${scan.format.sampleRate} Hz`,
    );
  }
  const available = bytes.length - scan.dataOffset;
  let length = Math.min(scan.dataBytes ?? available, available);
  length -= length % 2;
  return { format: scan.format, pcm: bytes.subarray(scan.dataOffset, scan.dataOffset + length) };
}

/** One WAV file from PCM parts that share `format`. */
export function buildWav(format: WavFormat, parts: readonly Uint8Array[]): Uint8Array {
  const dataBytes = parts.reduce((sum, part) => sum + part.length, 0);
  const header = wavHeader(format, dataBytes);
  const wav = new Uint8Array(header.length + dataBytes);
  wav.set(header);
  let offset = header.length;
  for (const part of parts) {
    wav.set(part, offset);
    offset += part.length;
  }
  return wav;
}

/**
 * Turns one synthesised-speech stream (a WAV, or OpenAI's headerless pcm)
 * into whole 16-bit samples, cut wherever the network read ended: the
 * header is held until complete, and an odd trailing byte waits for the
 * next chunk so no sample is ever split between two events.
 */
export class PcmExtractor {
  private header: Uint8Array | null;
  private remaining: number | null = null;
  private carry: number | null = null;
  format: WavFormat | null;

  constructor(mediaType: string) {
    if (mediaType === 'audio/pcm') {
      this.format = OPENAI_PCM_FORMAT;
      this.header = null;
    } else if (mediaType === 'audio/wav' || mediaType === 'audio/x-wav' || mediaType === 'audio/wave') {
      this.format = null;
      this.header = new Uint8Array(0);
    } else {
      throw new AudioFormatError(
        `the speech service sent ${mediaType.slice(0, 50)}, which the kiosk cannot play; set the text-to-speech format to wav or pcm in device settings`,
      );
    }
  }

  push(chunk: Uint8Array): Uint8Array {
    let data = chunk;
    if (this.header !== null) {
      const joined = new Uint8Array(this.header.length + chunk.length);
      joined.set(this.header);
      joined.set(chunk, this.header.length);
      let scan: ReturnType<typeof scanWavHeader>;
      try {
        scan = scanWavHeader(joined);
      } catch (error) {
        throw new AudioFormatError(error instanceof Error ? error.message : 'unreadable WAV');
      }
      if (!scan.complete) {
        this.header = joined;
        return new Uint8Array(0);
      }
      if (!isPlayablePcm(scan.format)) throw new AudioFormatError('the speech service sent audio that is not 16-bit mono PCM');
      this.format = scan.format;
      this.header = null;
      this.remaining = scan.dataBytes;
      data = joined.subarray(scan.dataOffset);
    }
    if (this.remaining !== null) {
      data = data.subarray(0, Math.max(0, this.remaining));
      this.remaining -= data.length;
    }
    if (this.carry !== null && data.length > 0) {
      const withCarry = new Uint8Array(data.length + 1);
      withCarry[0] = this.carry;
      withCarry.set(data, 1);
      data = withCarry;
      this.carry = null;
    }
    if (data.length % 2 === 1) {
      this.carry = data[data.length - 1]!;
      data = data.subarray(0, data.length - 1);
    }
    return data;
  }

  /** Throws when the stream ended before its header did. */
  end(): void {
    if (this.header !== null) throw new AudioFormatError('the speech stream ended inside its WAV header');
  }
}
