/**
 * Just enough WAV to join streamed parts: a long text is synthesised in
 * several requests, each answered with a whole WAV file (header + PCM).
 * Concatenated as they are, a player would stop at the end of the first
 * part (its header gives its length) or play the later headers as clicks.
 * So the joiner sends one header of its own, then only the PCM of every
 * part, and checks that all parts share one format.
 *
 * While streaming, the total length is unknown: the header carries
 * 0xFFFFFFFF sizes, the usual marker of a streamed WAV (players read to the
 * end). The cached file gets the exact sizes (`sizePatches`).
 */

export interface WavFormat {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
}

const HEADER_BYTES = 44;
const UNKNOWN_SIZE = 0xffffffff;
/** A header this long without a 'data' chunk is not a WAV we can read. */
const MAX_HEADER_BYTES = 64 * 1024;

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
}

type HeaderScan = { complete: false } | { complete: true; format: WavFormat; dataOffset: number; dataBytes: number | null };

/** Reads RIFF chunks up to the start of 'data', skipping LIST, fact and the like. */
export function scanWavHeader(bytes: Uint8Array): HeaderScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12) return { complete: false };
  if (ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE stream');
  let format: WavFormat | undefined;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = ascii(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      if (!format) throw new WavFormatError("'data' before 'fmt '");
      return { complete: true, format, dataOffset: body, dataBytes: size === 0 || size === UNKNOWN_SIZE ? null : size };
    }
    if (body + size > bytes.length) break;
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError("short 'fmt ' chunk");
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    }
    offset = body + size + (size % 2);
  }
  if (bytes.length > MAX_HEADER_BYTES) throw new WavFormatError('no audio data in the first 64 KiB');
  return { complete: false };
}

/** A canonical 44-byte header; `dataBytes` null writes the streaming marker. */
export function wavHeader(format: WavFormat, dataBytes: number | null): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  const text = (offset: number, value: string) => header.set(Array.from(value, (c) => c.charCodeAt(0)), offset);
  const blockAlign = format.channels * (format.bitsPerSample / 8);
  text(0, 'RIFF');
  view.setUint32(4, dataBytes === null ? UNKNOWN_SIZE : 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format.audioFormat, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, format.bitsPerSample, true);
  text(36, 'data');
  view.setUint32(40, dataBytes === null ? UNKNOWN_SIZE : dataBytes, true);
  return header;
}

export interface FilePatch {
  offset: number;
  bytes: Uint8Array;
}

/** Writes the exact sizes into a file that starts with `wavHeader(format, null)`. */
export function sizePatches(dataBytes: number): FilePatch[] {
  const le32 = (value: number) => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    return bytes;
  };
  return [
    { offset: 4, bytes: le32(36 + dataBytes) },
    { offset: 40, bytes: le32(dataBytes) },
  ];
}

/** Seconds of audio in a WAV file held in memory; null when it is not a readable PCM WAV. */
export function wavDurationSeconds(bytes: Uint8Array): number | null {
  try {
    const scan = scanWavHeader(bytes.subarray(0, Math.min(bytes.length, MAX_HEADER_BYTES)));
    if (!scan.complete) return null;
    const bytesPerSecond = scan.format.sampleRate * scan.format.channels * (scan.format.bitsPerSample / 8);
    if (bytesPerSecond <= 0) return null;
    const dataBytes = Math.min(scan.dataBytes ?? Number.POSITIVE_INFINITY, bytes.length - scan.dataOffset);
    return dataBytes / bytesPerSecond;
  } catch {
    return null;
  }
}

/** Joins several streamed WAV parts into one stream: one header, then every part's PCM. */
export class WavJoiner {
  private format: WavFormat | null = null;
  private header: Uint8Array = new Uint8Array(0);
  private inHeader = true;
  /** PCM bytes still expected in this part; null when its header did not say. */
  private remaining: number | null = null;
  /** PCM bytes emitted over all parts. */
  dataBytes = 0;

  startPart(): void {
    this.header = new Uint8Array(0);
    this.inHeader = true;
    this.remaining = null;
  }

  /** The bytes to pass on for this chunk of the current part (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let data = chunk;
    if (this.inHeader) {
      const joined = new Uint8Array(this.header.length + chunk.length);
      joined.set(this.header);
      joined.set(chunk, this.header.length);
      const scan = scanWavHeader(joined);
      if (!scan.complete) {
        this.header = joined;
        return out;
      }
      this.inHeader = false;
      this.header = new Uint8Array(0);
      this.remaining = scan.dataBytes;
      if (this.format === null) {
        this.format = scan.format;
        out.push(wavHeader(scan.format, null));
      } else if (!sameFormat(this.format, scan.format)) {
        throw new WavFormatError('the parts of one text came back in different audio formats');
      }
      data = joined.subarray(scan.dataOffset);
    }
    // Anything after the declared data (a trailing LIST chunk) is not audio.
    if (this.remaining !== null) {
      data = data.subarray(0, Math.max(0, this.remaining));
      this.remaining -= data.length;
    }
    if (data.length > 0) {
      this.dataBytes += data.length;
      out.push(data);
    }
    return out;
  }

  /** Throws when the part ended before its header did. */
  endPart(): void {
    if (this.inHeader) throw new WavFormatError('a part ended inside its WAV header');
  }

  get bytesPerSecond(): number | null {
    if (!this.format) return null;
    return this.format.sampleRate * this.format.channels * (this.format.bitsPerSample / 8) || null;
  }
}

function sameFormat(a: WavFormat, b: WavFormat): boolean {
  return a.audioFormat === b.audioFormat && a.channels === b.channels && a.sampleRate === b.sampleRate && a.bitsPerSample === b.bitsPerSample;
}
