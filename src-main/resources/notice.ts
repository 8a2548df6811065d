import { createHash } from 'node:crypto';
import type { NoticeBlock, NoticeLanguage, NoticeView } from '../../shared/domain/consent';
import { placeholdersIn } from '../interview/engine/index';

/**
 * Checks and parses a notice file (resources/notice/<language>/v<N>.md).
 * What the candidate is shown is what gets hashed: a changed wording or a
 * changed filled-in value (the retention sentence) gives another hash, so a
 * consent record proves which text was agreed to.
 */

/** The placeholders a notice may use, filled by the app from what it does (not from the file's promises). */
export const noticePlaceholders = ['retention'] as const;
export type NoticeValues = Record<(typeof noticePlaceholders)[number], string>;

/** The largest notice file read: a page or two for a person to read, not a document. */
export const NOTICE_MAX_CHARS = 20_000;

export class NoticeError extends Error {
  override readonly name = 'NoticeError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const LEADING_COMMENTS = /^(?:\s*<!--[\s\S]*?-->)+/;

/** A notice file's name without `.md`: 'v1', 'v2', … (it becomes part of a path, so nothing else is accepted). */
export function noticeVersionNumber(version: string): number | null {
  const match = /^v([1-9]\d{0,5})$/.exec(version);
  return match ? Number(match[1]) : null;
}

export function parseNotice(text: string, file: string, identity: { version: string; language: NoticeLanguage }, values: NoticeValues): NoticeView {
  if (noticeVersionNumber(identity.version) === null) throw new NoticeError(file, `A notice file is named v1.md, v2.md, …; got ${file}.`);
  if (text.length > NOTICE_MAX_CHARS) throw new NoticeError(file, `The notice ${file} is longer than ${NOTICE_MAX_CHARS} characters.`);
  const unknown = placeholdersIn(text).filter((name) => !(noticePlaceholders as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new NoticeError(file, `The notice ${file} uses unknown placeholders: ${[...new Set(unknown)].map((p) => `{{${p}}}`).join(', ')}. Allowed: ${noticePlaceholders.join(', ')}.`);
  }
  const shown = text
    .replace(LEADING_COMMENTS, '')
    .replace(PLACEHOLDER, (_m, name: keyof NoticeValues) => values[name])
    .replace(/\r\n/g, '\n')
    .trim();
  const { title, sections } = structure(shown, file);
  return { ...identity, sha256: createHash('sha256').update(shown, 'utf8').digest('hex'), title, sections };
}

/** One "# " title, then "## " sections of paragraphs and "- " items; anything else would be shown differently than written. */
function structure(shown: string, file: string): Pick<NoticeView, 'title' | 'sections'> {
  let title: string | null = null;
  const sections: NoticeView['sections'] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    current(`a paragraph before the first "## " section`).push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  const current = (what: string): NoticeBlock[] => {
    const section = sections.at(-1);
    if (!section) throw new NoticeError(file, `The notice ${file} has ${what}; every paragraph belongs to a section.`);
    return section.blocks;
  };
  for (const raw of shown.split('\n')) {
    const line = raw.trim();
    if (line === '') flush();
    else if (line.startsWith('## ')) {
      flush();
      sections.push({ heading: line.slice(3).trim(), blocks: [] });
    } else if (line.startsWith('# ')) {
      flush();
      if (title !== null || sections.length > 0) throw new NoticeError(file, `The notice ${file} has a second "# " title; it has one, on top.`);
      title = line.slice(2).trim();
    } else if (line.startsWith('#')) throw new NoticeError(file, `The notice ${file} uses a heading level other than "# " and "## ": ${line}`);
    else if (line.startsWith('- ')) {
      flush();
      current('a list item before the first "## " section').push({ kind: 'item', text: line.slice(2).trim() });
    } else paragraph.push(line);
  }
  flush();
  if (title === null) throw new NoticeError(file, `The notice ${file} has no "# " title.`);
  if (sections.length === 0) throw new NoticeError(file, `The notice ${file} has no "## " sections.`);
  const empty = sections.find((section) => section.blocks.length === 0);
  if (empty) throw new NoticeError(file, `The notice ${file} has an empty section: ${empty.heading}.`);
  return { title, sections };
}
