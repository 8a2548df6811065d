import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NoticeError, parseNotice } from '../../../src-main/resources/notice';
import { loadCurrentNotice } from '../../../src-main/resources/notice-files';

const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));
const values = { retention: 'kept until an administrator deletes them.' };
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function noticeFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'notice-'));
  temps.push(root);
  mkdirSync(join(root, 'notice', 'en'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'notice', 'en', name), text);
  return root;
}

const minimal = '# Title\n\n## Section\n\nSome text {{retention}}\n';
const parse = (text: string) => parseNotice(text, 'v1.md', { version: 'v1', language: 'en' }, values);

describe('the notice shipped with the app', () => {
  const notice = loadCurrentNotice(resourcesDir, 'en', values);

  it('is English v1, hashed as shown', () => {
    expect(notice).toMatchObject({ version: 'v1', language: 'en', title: 'Before your interview' });
    expect(notice.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says what the issue asks: an AI interviews, what it evaluates, no emotion analysis, a person decides, retention and rights', () => {
    const text = notice.sections.map((s) => `${s.heading}\n${s.blocks.map((b) => b.text).join('\n')}`).join('\n');
    for (const words of ['AI system', 'technical skills', 'pauses', 'focus', 'pasted', 'NOT analyse your emotions', 'face', 'named recruiter', 'kept until an administrator deletes them.', 'Access', 'Explanation', 'Deletion', 'interview with a person']) {
      expect(text).toContain(words);
    }
    expect(text).not.toMatch(/\{\{|<!--/);
  });

  it('hashes the filled-in text: another retention sentence is another hash', () => {
    const other = loadCurrentNotice(resourcesDir, 'en', { retention: 'deleted after 30 days.' });
    expect(other.sha256).not.toBe(notice.sha256);
  });
});

describe('loading a notice folder', () => {
  it('takes the highest version as current, numerically (v10 after v9)', () => {
    const dir = noticeFolder({ 'v1.md': minimal, 'v9.md': minimal, 'v10.md': minimal.replace('Title', 'Ten'), 'notes.md': 'x', 'v02.md': minimal });
    expect(loadCurrentNotice(dir, 'en', values)).toMatchObject({ version: 'v10', title: 'Ten' });
  });

  it('hashes exactly the text shown, without the leading comment', () => {
    const notice = parse(`<!-- for editors -->\n${minimal}`);
    expect(notice.sha256).toBe(createHash('sha256').update(minimal.replace('{{retention}}', values.retention).trim()).digest('hex'));
    expect(notice.sections).toEqual([{ heading: 'Section', blocks: [{ kind: 'paragraph', text: `Some text ${values.retention}` }] }]);
  });

  it('names the folder when there is no notice, and the file when one is wrong', () => {
    expect(() => loadCurrentNotice(noticeFolder({ 'readme.txt': 'x' }), 'en', values)).toThrow(/has no notice \(v1\.md/);
    expect(() => loadCurrentNotice(join(tmpdir(), 'no-such-resources'), 'en', values)).toThrow(/Cannot read the notice folder/);
  });

  it.each([
    ['an unknown placeholder', '# T\n\n## S\n\nKept {{forever}}.', /unknown placeholders: \{\{forever\}\}/],
    ['no title', '## S\n\nText.', /no "# " title/],
    ['no section', '# T\n\nText.', /every paragraph belongs to a section/],
    ['an empty section', '# T\n\n## S\n\n## Other\n\nText.', /empty section: S/],
    ['a third-level heading', '# T\n\n## S\n\n### Deep\n\nText.', /heading level/],
    ['a second title', '# T\n\n## S\n\nText.\n\n# Again', /second "# " title/],
    ['too much text', `# T\n\n## S\n\n${'x'.repeat(20_001)}`, /longer than 20000/],
  ])('refuses %s, naming the file', (_what, text, message) => {
    const attempt = () => parse(text);
    expect(attempt).toThrow(NoticeError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/v1\.md/);
  });

  it('refuses a version that is not v<N>', () => {
    expect(() => parseNotice(minimal, 'x.md', { version: '../v1', language: 'en' }, values)).toThrow(/named v1\.md, v2\.md/);
  });
});
