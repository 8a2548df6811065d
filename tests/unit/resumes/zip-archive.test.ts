import { describe, expect, it } from 'vitest';
import { defaultExtractionLimits, MB } from '../../../src-main/resumes/extraction/extraction-result';
import { checkDeclaredSizes, readZipDirectory, verifyInflatedSizes, type ZipEntryInfo } from '../../../src-main/resumes/extraction/zip-archive';
import { repeatDeflated, writeZip } from '../../fixtures/resumes/zip-writer';

const limits = defaultExtractionLimits.zip;
const entry = (name: string, compressedSize: number, uncompressedSize: number): ZipEntryInfo => ({ name, compressedSize, uncompressedSize, encrypted: false });

describe('checkDeclaredSizes', () => {
  it('accepts an ordinary resume .docx', () => {
    const entries = [entry('[Content_Types].xml', 400, 1_500), entry('word/document.xml', 9_000, 60_000), entry('word/media/photo.jpg', 800_000, 810_000)];
    expect(checkDeclaredSizes(entries, 820_000, limits)).toEqual({ ok: true, totalUncompressedBytes: 871_500 });
  });

  it('refuses more than 50 MB in all', () => {
    const entries = [entry('word/document.xml', 9 * MB, 30 * MB), entry('word/media/a.png', 9 * MB, 25 * MB)];
    expect(checkDeclaredSizes(entries, 18 * MB, limits)).toMatchObject({ ok: false, problem: 'bomb' });
  });

  it('refuses a large part compressed more than 100:1, but not a small one', () => {
    expect(checkDeclaredSizes([entry('word/document.xml', 20_000, 5 * MB)], 20_500, limits)).toMatchObject({ ok: false, problem: 'bomb' });
    // Small, very repetitive XML (styles, settings) legitimately compresses that well.
    expect(checkDeclaredSizes([entry('word/styles.xml', 300, 60_000)], 700, limits)).toMatchObject({ ok: true });
  });

  it('refuses too many entries and encrypted entries', () => {
    const many = Array.from({ length: limits.maxEntries + 1 }, (_, i) => entry(`p${i}`, 1, 1));
    expect(checkDeclaredSizes(many, 100_000, limits)).toMatchObject({ ok: false, problem: 'bomb' });
    expect(checkDeclaredSizes([{ ...entry('word/document.xml', 10, 10), encrypted: true }], 100, limits)).toMatchObject({ ok: false, problem: 'encrypted' });
  });
});

describe('verifyInflatedSizes', () => {
  it('accepts an archive that inflates to what it declares', async () => {
    const zip = writeZip([{ name: 'word/document.xml', data: '<w:document>hello</w:document>' }]);
    expect(await verifyInflatedSizes(zip, limits)).toEqual({ ok: true, totalUncompressedBytes: 30 });
  });

  it('catches an entry that declares 4 KB but inflates to far more, without inflating it all', async () => {
    const bomb = repeatDeflated(new Uint8Array(MB).fill(0x61), 200);
    const zip = writeZip([{ name: 'word/document.xml', precompressed: bomb, declaredUncompressedSize: 4096 }]);
    const directory = await readZipDirectory(zip, limits.maxEntries);
    expect(directory.ok && checkDeclaredSizes(directory.entries, zip.byteLength, limits)).toMatchObject({ ok: true });
    const started = performance.now();
    expect(await verifyInflatedSizes(zip, limits)).toMatchObject({ ok: false, problem: 'bomb' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops at the total limit even when every declared size is honest', async () => {
    const part = repeatDeflated(new Uint8Array(MB).fill(0x61), 30);
    const zip = writeZip([
      { name: 'a.xml', precompressed: part },
      { name: 'b.xml', precompressed: part },
    ]);
    expect(await verifyInflatedSizes(zip, limits)).toMatchObject({ ok: false, problem: 'bomb' });
  });

  it('calls an archive that is not one unreadable', async () => {
    expect(await verifyInflatedSizes(new Uint8Array(Buffer.from('PK\x03\x04 not really')), limits)).toMatchObject({ ok: false, problem: 'unreadable' });
  });
});
