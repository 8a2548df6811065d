import { crc32 } from 'node:zlib';

/**
 * A ZIP archive of files stored as they are (no compression): what the
 * staff save when they hand a candidate their explanation pack with its
 * recordings. WAV audio and PDFs barely compress, so storing keeps this a
 * few dozen lines over Node's own CRC-32, with no dependency. Names are
 * flagged UTF-8 (APPNOTE 6.3, general purpose bit 11). No ZIP64: an
 * archive must stay under 4 GiB, far above an interview's recordings.
 * (tests/fixtures/resumes/zip-writer.ts is another writer on purpose: it
 * deflates, and can write sizes that lie, for the zip-bomb fixtures.)
 */

export interface ZipEntry {
  /** A relative path with '/' separators, e.g. "recordings/recording-q01.wav". */
  name: string;
  data: Uint8Array;
}

const LIMIT = 0xffff_ffff;

export function zipArchive(entries: readonly ZipEntry[], modified: Date): Buffer {
  const { time, date } = dosDateTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (!entry.name || entry.name.startsWith('/') || entry.name.split('/').includes('..')) throw new Error(`Not a safe name inside a ZIP archive: ${entry.name}`);
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const crc = crc32(data);
    // Version 2.0, UTF-8 names, stored, then the shared date, CRC and sizes.
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(0x0800, at);
      header.writeUInt16LE(0, at + 2);
      header.writeUInt16LE(time, at + 4);
      header.writeUInt16LE(date, at + 6);
      header.writeUInt32LE(crc, at + 8);
      header.writeUInt32LE(data.byteLength, at + 12);
      header.writeUInt32LE(data.byteLength, at + 16);
      header.writeUInt16LE(name.byteLength, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    common(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    common(central, 8);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.byteLength + name.byteLength + data.byteLength;
    if (offset > LIMIT) throw new Error('A ZIP archive without ZIP64 must stay under 4 GiB.');
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** MS-DOS date and time (2-second steps, from 1980), in UTC so an archive is the same wherever it is made. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
