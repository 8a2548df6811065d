import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_BANDS } from '../../../../shared/domain/ai-recommendation';
import { roleTypes } from '../../../../shared/domain/interview';
import { RoleDefinitionError, resolveFocusSkills } from '../../../../src-main/interview/engine/index';
import { loadRoleDefinition } from '../../../../src-main/resources/resource-files';
import { resourcesDir, role } from './support';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function resourcesWith(roleFile: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'roles-'));
  temps.push(dir);
  mkdirSync(join(dir, 'roles'));
  writeFileSync(join(dir, 'roles', roleFile), content);
  return dir;
}

function errorOf(run: () => unknown): RoleDefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof RoleDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a RoleDefinitionError');
}

describe('role definitions', () => {
  it.each(roleTypes)('%s loads, is version 1 and has 4 to 8 skills with unique ids and topics', (roleType) => {
    const definition = loadRoleDefinition(resourcesDir, roleType);
    expect(definition.roleType).toBe(roleType);
    expect(definition.version).toBe(1);
    expect(definition.skills.length).toBeGreaterThanOrEqual(4);
    expect(definition.skills.length).toBeLessThanOrEqual(8);
    expect(new Set(definition.skills.map((s) => s.id)).size).toBe(definition.skills.length);
    for (const skill of definition.skills) expect(skill.topics.length).toBeGreaterThan(0);
  });

  it('names the file when it is not valid JSON', () => {
    const dir = resourcesWith('react.json', '{ "roleType": "react", ');
    const error = errorOf(() => loadRoleDefinition(dir, 'react'));
    expect(error.file).toBe(join(dir, 'roles', 'react.json'));
    expect(error.message).toContain(join(dir, 'roles', 'react.json'));
    expect(error.message).toContain('not valid JSON');
  });

  it('names the file and the field when the content is wrong', () => {
    const good = role('react');
    const bad = { ...good, skills: good.skills.slice(0, 3) };
    const dir = resourcesWith('react.json', JSON.stringify(bad));
    const error = errorOf(() => loadRoleDefinition(dir, 'react'));
    expect(error.message).toContain(join(dir, 'roles', 'react.json'));
    expect(error.message).toContain('skills');
  });

  it('refuses duplicate skill ids, a file for another role, and a missing file', () => {
    const good = role('python');
    const duplicate = { ...good, skills: [...good.skills, good.skills[0]] };
    expect(errorOf(() => loadRoleDefinition(resourcesWith('python.json', JSON.stringify(duplicate)), 'python')).message).toContain('duplicate skill id');
    expect(errorOf(() => loadRoleDefinition(resourcesWith('react.json', JSON.stringify(good)), 'react')).message).toContain('expected "react"');
    expect(errorOf(() => loadRoleDefinition(resourcesWith('other.json', '{}'), 'javascript')).message).toContain('javascript.json');
  });

  it('takes a role’s own recommendation bands, the defaults when it names none, and refuses bands upside down', () => {
    const { recommendation: _defaults, ...good } = role('react');
    expect(loadRoleDefinition(resourcesWith('react.json', JSON.stringify(good)), 'react').recommendation).toEqual(DEFAULT_RECOMMENDATION_BANDS);
    const own = { advanceAtOrAbove: 80, holdAtOrAbove: 60 };
    expect(loadRoleDefinition(resourcesWith('react.json', JSON.stringify({ ...good, recommendation: own })), 'react').recommendation).toEqual(own);
    const upsideDown = { ...good, recommendation: { advanceAtOrAbove: 40, holdAtOrAbove: 60 } };
    expect(errorOf(() => loadRoleDefinition(resourcesWith('react.json', JSON.stringify(upsideDown)), 'react')).message).toContain('holdAtOrAbove must not be above advanceAtOrAbove');
  });
});

describe('resume focus skills', () => {
  it('maps free-text resume skills onto role skills, in role order, ignoring the role’s own name', () => {
    expect(resolveFocusSkills(role('react'), ['React', 'TypeScript', 'React Query', 'Jest'])).toEqual(['data-fetching', 'testing', 'typescript-in-react']);
    expect(resolveFocusSkills(role('python'), ['pytest', 'asyncio', 'Python'])).toEqual(['concurrency-and-async', 'testing']);
    expect(resolveFocusSkills(role('fullstack'), ['Docker', 'OAuth'])).toEqual(['auth-and-security', 'testing-and-delivery']);
  });

  it('accepts skill ids and ignores what matches nothing', () => {
    expect(resolveFocusSkills(role('javascript'), ['browser-and-dom', 'COBOL', 'a'])).toEqual(['browser-and-dom']);
    expect(resolveFocusSkills(role('javascript'), [])).toEqual([]);
  });
});
