import { describe, expect, it } from 'vitest';
import { MB } from '../../../src-main/resumes/extraction/extraction-result';
import { checkResumeFileSize, claimedResumeFileType, detectResumeFileType } from '../../../src-main/resumes/extraction/file-type';
import { writeZip } from '../../fixtures/resumes/zip-writer';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const docxEntries = [
  { name: '[Content_Types].xml', data: '<Types/>' },
  { name: '_rels/.rels', data: '<Relationships/>' },
  { name: 'word/document.xml', data: '<w:document/>' },
];

describe('detectResumeFileType', () => {
  it('knows a PDF by its %PDF- header, whatever the file is called', async () => {
    expect(await detectResumeFileType(ascii('%PDF-1.7\n1 0 obj\n'))).toEqual({ ok: true, fileType: 'pdf' });
  });

  it('accepts a PDF header after up to 1 KB of leading junk, as PDF readers do', async () => {
    expect(await detectResumeFileType(ascii(`${'x'.repeat(1000)}%PDF-1.4\n`))).toEqual({ ok: true, fileType: 'pdf' });
    expect(await detectResumeFileType(ascii(`${'x'.repeat(2000)}%PDF-1.4\n`))).toMatchObject({ ok: false, reason: 'unsupported_type' });
  });

  it('knows a .docx by the parts in its ZIP central directory', async () => {
    expect(await detectResumeFileType(writeZip(docxEntries))).toEqual({ ok: true, fileType: 'docx' });
  });

  it('treats OPC part names case-insensitively', async () => {
    const shouting = docxEntries.map((entry) => ({ ...entry, name: entry.name.toUpperCase() }));
    expect(await detectResumeFileType(writeZip(shouting))).toEqual({ ok: true, fileType: 'docx' });
  });

  it('refuses a ZIP without word/document.xml or [Content_Types].xml, naming what it looks like', async () => {
    const plain = await detectResumeFileType(writeZip([{ name: 'notes.txt', data: 'hello' }]));
    expect(plain).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(plain.ok || plain.message).toContain('ZIP archive');
    const noTypes = await detectResumeFileType(writeZip(docxEntries.filter((entry) => entry.name !== '[Content_Types].xml')));
    expect(noTypes).toMatchObject({ ok: false, reason: 'unsupported_type' });
    const workbook = await detectResumeFileType(writeZip([{ name: '[Content_Types].xml', data: '' }, { name: 'xl/workbook.xml', data: '' }]));
    expect(workbook.ok || workbook.message).toContain('Excel');
  });

  it('calls a cut-off .docx damaged rather than the wrong type', async () => {
    const whole = writeZip(docxEntries);
    const verdict = await detectResumeFileType(whole.slice(0, Math.floor(whole.length / 2)));
    expect(verdict).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(verdict.ok || verdict.message).toMatch(/^This Word document is damaged/);
  });

  it('refuses a ZIP with more entries than the limit before reading them', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: `part${i}.xml`, data: 'x' }));
    expect(await detectResumeFileType(writeZip(many), 20)).toMatchObject({ ok: false, reason: 'zip_bomb' });
  });

  it('refuses renamed programs and images with a message that says what they seem to be', async () => {
    const program = await detectResumeFileType(ascii('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.'));
    expect(program).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(program.ok || program.message).toMatch(/^This file is not a PDF or Word \(\.docx\) document \(it looks like a program\)/);
    for (const image of [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)]) {
      const verdict = await detectResumeFileType(image);
      expect(verdict.ok || verdict.message).toContain('it looks like an image');
    }
    expect(await detectResumeFileType(ascii('Just some plain text, not a resume file format.'))).toMatchObject({ ok: false, reason: 'unsupported_type' });
  });

  it('tells a password-protected Word file (OLE2 + EncryptedPackage) from an old .doc', async () => {
    const ole2 = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
    const encrypted = new Uint8Array([...ole2, ...new Uint8Array(Buffer.from('\0\0EncryptedPackage', 'utf16le'))]);
    expect(await detectResumeFileType(encrypted)).toMatchObject({ ok: false, reason: 'encrypted' });
    const doc = await detectResumeFileType(new Uint8Array([...ole2, ...new Uint8Array(512)]));
    expect(doc).toMatchObject({ ok: false, reason: 'unsupported_type' });
    expect(doc.ok || doc.message).toContain('.doc');
  });

  it('calls a zero-byte file empty', async () => {
    expect(await detectResumeFileType(new Uint8Array())).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('checkResumeFileSize', () => {
  it('refuses files over 10 MB with the size and the limit in the message', () => {
    const verdict = checkResumeFileSize(Math.round(14.2 * MB));
    expect(verdict?.reason).toBe('too_large');
    expect(verdict?.message).toMatch(/^The file is 14\.2 MB; the limit is 10 MB\./);
  });

  it('accepts exactly 10 MB and refuses one byte more', () => {
    expect(checkResumeFileSize(10 * MB)).toBeUndefined();
    expect(checkResumeFileSize(10 * MB + 1)?.reason).toBe('too_large');
  });
});

describe('claimedResumeFileType', () => {
  it('reads only the header', () => {
    expect(claimedResumeFileType(ascii('%PDF-1.7'))).toBe('pdf');
    expect(claimedResumeFileType(ascii('PK\x03\x04rest'))).toBe('docx');
    expect(claimedResumeFileType(ascii('MZ'))).toBeUndefined();
  });
});
