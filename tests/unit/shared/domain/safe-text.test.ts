import { describe, expect, it } from 'vitest';
import { fullNameSchema } from '../../../../shared/domain/account-rules';
import { fileNameSchema, findUnsafeCharacter, multiLineText } from '../../../../shared/domain/safe-text';

describe('safe text', () => {
  it('finds control, direction and invisible characters, naming the code point', () => {
    expect(findUnsafeCharacter('Ann\u0000e')).toEqual({ kind: 'control', codePoint: 'U+0000', index: 3 });
    expect(findUnsafeCharacter('\u202Egnp.exe')).toEqual({ kind: 'bidi', codePoint: 'U+202E', index: 0 });
    expect(findUnsafeCharacter('a\u2066b')).toMatchObject({ kind: 'bidi', codePoint: 'U+2066' });
    expect(findUnsafeCharacter('a\u200Cb')).toMatchObject({ kind: 'zero_width', codePoint: 'U+200C' });
    expect(findUnsafeCharacter('\uFEFFa')).toMatchObject({ kind: 'zero_width', codePoint: 'U+FEFF' });
    expect(findUnsafeCharacter('a\u009Bb')).toMatchObject({ kind: 'control', codePoint: 'U+009B' });
    expect(findUnsafeCharacter('a\u007Fb')).toMatchObject({ kind: 'control', codePoint: 'U+007F' });
    // Index counts UTF-16 units, so one after an emoji is where String.prototype.indexOf would put it.
    expect(findUnsafeCharacter('😀\u202E')).toMatchObject({ index: 2 });
  });

  it('lets a name spelled with the zero-width non-joiner through (Persian), but not a file name', () => {
    // "Mehrnoush" in Persian, with U+200C where the spelling needs it.
    const name = 'مهر\u200Cنوش رضایی';
    expect(fullNameSchema.parse(name)).toBe(name.normalize('NFC'));
    expect(fullNameSchema.safeParse('Ann\u200Be').success).toBe(false);
    expect(fileNameSchema().safeParse('cv\u200C.pdf').success).toBe(false);
  });

  it('lets ordinary names through, in any script, with marks such as U+200E left alone', () => {
    for (const name of ['Zoë Ångström', 'Małgorzata Wąsowska', 'محمد علي', '李小龍', "Seán O'Brien-Nguyễn", 'Ana\u200Eb']) {
      expect(findUnsafeCharacter(name), name).toBeNull();
    }
  });

  it('stores names as NFC and trimmed, and refuses a hidden character with a message naming it', () => {
    expect(fullNameSchema.parse('  Zoe\u0308 A\u030Angstro\u0308m ')).toBe('Zoë Ångström');
    expect(fullNameSchema.parse('Zoe\u0308').normalize('NFC')).toBe(fullNameSchema.parse('Zoe\u0308'));
    const refused = fullNameSchema.safeParse('Mallory \u202Egnp.exe');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Full name contains a text-direction control (U+202E). Remove it and try again.');
    expect(fullNameSchema.safeParse('Mal\tlory').success).toBe(false);
    expect(fullNameSchema.safeParse('A').error?.issues[0]?.message).toBe('Full name needs at least 2 characters.');
    expect(fullNameSchema.safeParse('x'.repeat(256)).error?.issues[0]?.message).toBe('Full name is too long.');
  });

  it('refuses paths and hidden characters in file names', () => {
    const fileName = fileNameSchema();
    expect(fileName.parse('Lebenslauf Ju\u0308rgen.pdf')).toBe('Lebenslauf Jürgen.pdf');
    for (const bad of ['../etc/passwd', 'C:\\resume.pdf', 'resume\u200B.pdf', '\u202Efdp.exe', 'a\nb.pdf', '']) {
      expect(fileName.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('lets multi-line free text keep tabs, line breaks and joiners, but not NUL or overrides', () => {
    const text = multiLineText({ label: 'Feedback', min: 1, max: 100 });
    expect(text.parse('Dear Zoë,\n\n\tThank you. 👩\u200D💻')).toBe('Dear Zoë,\n\n\tThank you. 👩\u200D💻');
    expect(text.safeParse('Dear\u0000 Zoë').success).toBe(false);
    expect(text.safeParse('Dear \u202EZoë').success).toBe(false);
  });
});
