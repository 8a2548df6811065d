import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleType } from '../../shared/domain/interview';
import {
  parseRoleDefinition,
  promptSetFrom,
  PromptSetError,
  RoleDefinitionError,
  type PromptSet,
  type RoleDefinition,
} from '../interview/engine/index';
import { parseQuestionBank, QuestionBankError, type QuestionBank } from '../interview/bank/question-bank';

/*
 * The file reading behind the interview engine: the engine checks what the
 * files say, this reads them from the app's resources folder (packaged with
 * the app), so the engine itself stays free of I/O.
 */

export function roleDefinitionPath(resourcesDir: string, roleType: RoleType): string {
  return join(resourcesDir, 'roles', `${roleType}.json`);
}

/** Reads and checks resources/roles/<roleType>.json; every problem names the file. */
export function loadRoleDefinition(resourcesDir: string, roleType: RoleType): RoleDefinition {
  const file = roleDefinitionPath(resourcesDir, roleType);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RoleDefinitionError(file, `Cannot read the role definition ${file}: ${(error as Error).message}`);
  }
  return parseRoleDefinition(text, file, roleType);
}

/** Reads and checks resources/prompts/interview/<version>/*.md, and hashes the files as read, in template order. */
export function loadPromptSet(resourcesDir: string, version = 'v1'): PromptSet {
  const dir = join(resourcesDir, 'prompts', 'interview', version);
  const hash = createHash('sha256');
  const set = promptSetFrom(version, (name) => {
    const file = join(dir, `${name}.md`);
    try {
      const text = readFileSync(file, 'utf8');
      // Name and length first, so moving text from one file to the next changes the hash too.
      hash.update(`${name}\n${Buffer.byteLength(text)}\n`).update(text);
      return { file, text };
    } catch (error) {
      throw new PromptSetError(file, `Cannot read the prompt template ${file}: ${(error as Error).message}`);
    }
  });
  return { ...set, sha256: hash.digest('hex') };
}

export function questionBankPath(resourcesDir: string, roleType: RoleType, version = 'v1'): string {
  return join(resourcesDir, 'question-bank', version, `${roleType}.json`);
}

/**
 * Reads and checks resources/question-bank/<version>/<roleType>.json against
 * the role's skills (resources/roles/<roleType>.json); every problem names the file.
 */
export function loadQuestionBank(resourcesDir: string, roleType: RoleType, version = 'v1'): QuestionBank {
  const role = loadRoleDefinition(resourcesDir, roleType);
  const file = questionBankPath(resourcesDir, roleType, version);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new QuestionBankError(file, `Cannot read the question bank ${file}: ${(error as Error).message}`);
  }
  return parseQuestionBank(
    text,
    file,
    roleType,
    role.skills.map((skill) => skill.id),
  );
}
