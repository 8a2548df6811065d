import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NoticeLanguage, NoticeView } from '../../shared/domain/consent';
import { NoticeError, noticeVersionNumber, parseNotice, type NoticeValues } from './notice';

/**
 * Reads the current notice of a language: the highest v<N>.md in
 * resources/notice/<language>/. A new wording is a new file, so adding it
 * is all it takes for every candidate to be asked again.
 */
export function loadCurrentNotice(resourcesDir: string, language: NoticeLanguage, values: NoticeValues): NoticeView {
  const dir = join(resourcesDir, 'notice', language);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new NoticeError(dir, `Cannot read the notice folder ${dir}: ${(error as Error).message}`);
  }
  const versions = names
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -3))
    .filter((version) => noticeVersionNumber(version) !== null)
    .sort((a, b) => noticeVersionNumber(b)! - noticeVersionNumber(a)!);
  const version = versions[0];
  if (!version) throw new NoticeError(dir, `The notice folder ${dir} has no notice (v1.md, v2.md, …).`);
  const file = join(dir, `${version}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NoticeError(file, `Cannot read the notice ${file}: ${(error as Error).message}`);
  }
  return parseNotice(text, file, { version, language }, values);
}
