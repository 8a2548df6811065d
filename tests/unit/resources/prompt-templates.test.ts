import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScoringPrompts, scoringRequests } from '../../../src-main/assessment/scoring-prompts';
import { promptSetRef } from '../../../src-main/interview/engine/index';
import { loadPromptTemplate, promptMessages, PromptTemplateError } from '../../../src-main/resources/prompt-templates';
import { loadPromptSet } from '../../../src-main/resources/resource-files';
import { loadResumePrompts, resumeParsingRequest } from '../../../src-main/resumes/resume-prompts';

const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url));
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function templateFolder(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'prompts-'));
  temps.push(root);
  mkdirSync(join(root, 'prompts', 'test', 'v1'), { recursive: true });
  writeFileSync(join(root, 'prompts', 'test', 'v1', 'call.md'), text);
  return root;
}

describe('prompt templates as versioned files', () => {
  it('loads every resume and scoring template the app ships, versioned by the SHA-256 of the file', () => {
    const all = { ...loadResumePrompts(resourcesDir), ...loadScoringPrompts(resourcesDir) };
    expect(Object.values(all).map((template) => template.id).sort()).toEqual([
      'resume/v1/feedback', 'resume/v1/parse', 'scoring/v1/integrity', 'scoring/v1/reasoning', 'scoring/v1/recommendations', 'scoring/v1/skill',
    ]);
    for (const template of Object.values(all)) {
      const bytes = readFileSync(join(resourcesDir, 'prompts', `${template.id}.md`));
      expect(template.version).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(template.system).not.toMatch(/<!--|\[user\]/);
    }
  });

  it('sends the template reference with each request built from it', () => {
    const prompts = loadResumePrompts(resourcesDir);
    const request = resumeParsingRequest(prompts, 'Casey. {{resumeText}} stays as typed.');
    expect(request.template).toEqual({ id: 'resume/v1/parse', version: prompts.parse.version });
    expect(request.messages[1]!.content).toBe('Resume text:\n"""\nCasey. {{resumeText}} stays as typed.\n"""');
    expect(scoringRequests.integrity(loadScoringPrompts(resourcesDir), { interviewId: 'i1', roleTitle: 'R', questions: [], skills: [] } as never, []).template?.id).toBe('scoring/v1/integrity');
  });

  it('changes version with any edit of the file', () => {
    const a = loadPromptTemplate(templateFolder('[system]\nBe brief.\n[user]\n{{x}}\n'), 'test/v1/call', ['x']);
    const b = loadPromptTemplate(templateFolder('<!-- a note -->\n[system]\nBe brief.\n[user]\n{{x}}\n'), 'test/v1/call', ['x']);
    expect(a.system).toBe(b.system);
    expect(a.version).not.toBe(b.version);
    expect(promptMessages(a, { x: 'hello' }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
    ]);
  });

  it('refuses a file without both parts, or with a placeholder its code does not fill, naming the file', () => {
    expect(() => loadPromptTemplate(templateFolder('Be brief. {{x}}'), 'test/v1/call', ['x'])).toThrow(/must have a "\[system\]" line/);
    expect(() => loadPromptTemplate(templateFolder('[system]\n\n[user]\n{{x}}'), 'test/v1/call', ['x'])).toThrow(/empty system part/);
    expect(() => loadPromptTemplate(templateFolder('[system]\nHi {{rol}}\n[user]\n{{x}}'), 'test/v1/call', ['x'])).toThrow(PromptTemplateError);
    expect(() => loadPromptTemplate(templateFolder('[system]\nHi {{rol}}\n[user]\n{{x}}'), 'test/v1/call', ['x'])).toThrow(/call\.md uses unknown placeholders: \{\{rol\}\}/);
    expect(() => loadPromptTemplate(resourcesDir, '../../etc/passwd', [])).toThrow(/looks like "scoring\/v1\/skill"/);
  });

  it('versions the interview prompt set by a hash of its files, which any edit changes', () => {
    const shipped = loadPromptSet(resourcesDir);
    expect(promptSetRef(shipped, 'judge')).toEqual({ id: 'interview/v1/judge', version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const copy = mkdtempSync(join(tmpdir(), 'prompts-'));
    temps.push(copy);
    cpSync(join(resourcesDir, 'prompts', 'interview'), join(copy, 'prompts', 'interview'), { recursive: true });
    expect(loadPromptSet(copy).sha256).toBe(shipped.sha256);
    appendFileSync(join(copy, 'prompts', 'interview', 'v1', 'judge-system.md'), ' ');
    expect(loadPromptSet(copy).sha256).not.toBe(shipped.sha256);
    expect(promptSetRef({ version: 'interview-v1', templates: shipped.templates }, 'question')).toBeUndefined();
  });
});
