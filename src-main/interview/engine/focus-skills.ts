import type { RoleDefinition } from './role-definitions';

function normalise(text: string): string {
  return ` ${text.toLowerCase().replace(/[^a-z0-9+#]+/g, ' ').trim()} `;
}

/**
 * Maps a parsed resume's free-text skills ("React Query", "pytest", "Docker")
 * onto the role's skill ids, in role order. A resume skill counts when it
 * appears as a whole phrase in a skill's id, name, description or topics.
 * Phrases in the role's title ("React" for a React role) would match every
 * skill and so say nothing about where to focus; they are ignored.
 */
export function resolveFocusSkills(role: RoleDefinition, resumeSkills: readonly string[]): string[] {
  const title = normalise(role.title);
  const phrases = resumeSkills
    .map(normalise)
    .filter((phrase) => phrase.trim().length >= 2 && !title.includes(phrase));
  return role.skills
    .filter((skill) => {
      if (resumeSkills.includes(skill.id)) return true;
      const haystack = normalise([skill.id.replace(/-/g, ' '), skill.name, skill.description, ...skill.topics].join(' | '));
      return phrases.some((phrase) => haystack.includes(phrase));
    })
    .map((skill) => skill.id);
}
