import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { zipArchive } from '../../../src-main/files/stored-zip';

interface ReadEntry {
  name: string;
  crc32: number;
  data: Buffer;
  utf8: boolean;
  modified: Date;
}

/** Reads the archive back with yauzl, the ZIP reader the app already depends on. */
function readZip(buffer: Buffer): Promise<ReadEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: true }, (error, zip) => {
      if (error) return reject(error);
      const entries: ReadEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.push({ name: entry.fileName, crc32: entry.crc32, data: Buffer.concat(chunks), utf8: (entry.generalPurposeBitFlag & 0x800) !== 0, modified: entry.getLastModDate({ forceDosFormat: true, timezone: 'UTC' }) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('zipArchive', () => {
  it('stores files that a ZIP reader gets back byte for byte, with the right CRC-32, UTF-8 names and the date', async () => {
    const wav = Buffer.alloc(70_000, 7);
    const archive = zipArchive(
      [
        { name: 'hello.txt', data: Buffer.from('hello') },
        { name: 'recordings/recording-q01.wav', data: wav },
        { name: 'Zoë.json', data: new Uint8Array([123, 125]) },
      ],
      new Date('2026-11-26T09:30:14Z'),
    );
    const entries = await readZip(archive);
    expect(entries.map((entry) => entry.name)).toEqual(['hello.txt', 'recordings/recording-q01.wav', 'Zoë.json']);
    // CRC-32 of "hello", as every implementation computes it.
    expect(entries[0]).toMatchObject({ crc32: 0x3610a686, utf8: true });
    expect(entries[0]!.data.toString()).toBe('hello');
    expect(entries[1]!.data.equals(wav)).toBe(true);
    expect(entries[2]!.data.toString()).toBe('{}');
    expect(entries[0]!.modified.toISOString()).toBe('2026-11-26T09:30:14.000Z');
  });

  it('makes an empty archive readable, and refuses names that would leave the folder it is saved to', async () => {
    expect(await readZip(zipArchive([], new Date()))).toEqual([]);
    for (const name of ['../x.wav', '/etc/passwd', 'a/../../b', '']) {
      expect(() => zipArchive([{ name, data: Buffer.from('x') }], new Date())).toThrow(/safe name/);
    }
  });
});
