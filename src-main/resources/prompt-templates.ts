import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeholdersIn } from '../interview/engine/index';
import type { PromptMessage } from '../interview/engine/index';

/**
 * One model call's prompt as a versioned file, resources/prompts/<family>/<version>/<name>.md:
 * a system part and a user part, marked by lines `[system]` and `[user]`,
 * after optional leading comments for the file's editors. Its id
 * ('scoring/v1/skill') and version (SHA-256 of the file's bytes) go into
 * the audit trail with every call built from it, so any output can be
 * traced to the exact wording that asked for it.
 */
export interface PromptTemplate {
  id: string;
  /** SHA-256 (hex) of the file's bytes: any edit, even a comment's, is a new version. */
  version: string;
  system: string;
  user: string;
}

export class PromptTemplateError extends Error {
  override readonly name = 'PromptTemplateError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const LEADING_COMMENTS = /^(?:\s*<!--[\s\S]*?-->)+/;
const PARTS = /^\s*\[system\]\s*\n([\s\S]*?)\n\[user\]\s*\n([\s\S]*)$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Reads and checks one template: both parts present and not empty, only the placeholders its code fills. */
export function loadPromptTemplate(resourcesDir: string, id: string, placeholders: readonly string[]): PromptTemplate {
  if (!/^[a-z-]+\/v\d+\/[a-z-]+$/.test(id)) throw new Error(`A prompt template id looks like "scoring/v1/skill", got "${id}".`);
  const file = join(resourcesDir, 'prompts', `${id}.md`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new PromptTemplateError(file, `Cannot read the prompt template ${file}: ${(error as Error).message}`);
  }
  const parts = PARTS.exec(bytes.toString('utf8').replace(/\r\n/g, '\n').replace(LEADING_COMMENTS, ''));
  if (!parts) throw new PromptTemplateError(file, `The prompt template ${file} must have a "[system]" line, its text, then a "[user]" line and its text.`);
  const [system, user] = [parts[1]!.trim(), parts[2]!.trim()];
  if (!system || !user) throw new PromptTemplateError(file, `The prompt template ${file} has an empty ${system ? 'user' : 'system'} part.`);
  const unknown = placeholdersIn(`${system}\n${user}`).filter((name) => !placeholders.includes(name));
  if (unknown.length > 0) {
    throw new PromptTemplateError(file, `The prompt template ${file} uses unknown placeholders: ${[...new Set(unknown)].map((p) => `{{${p}}}`).join(', ')}. Allowed: ${placeholders.join(', ') || 'none'}.`);
  }
  return { id, version: createHash('sha256').update(bytes).digest('hex'), system, user };
}

/** Fills a part in one pass, so text inside a value (a resume saying "{{resumeText}}") is never substituted again. */
function fill(template: PromptTemplate, text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`No value for {{${key}}} in the prompt template ${template.id}.`);
    return String(value);
  });
}

/** The system and user messages of one call, and the reference the audit trail records. */
export function promptMessages(
  template: PromptTemplate,
  values: Readonly<Record<string, string | number>>,
): { messages: PromptMessage[]; template: { id: string; version: string } } {
  return {
    messages: [
      { role: 'system', content: fill(template, template.system, values) },
      { role: 'user', content: fill(template, template.user, values) },
    ],
    template: { id: template.id, version: template.version },
  };
}
