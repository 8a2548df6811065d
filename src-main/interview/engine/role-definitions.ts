import { z } from 'zod';
import { DEFAULT_RECOMMENDATION_BANDS, recommendationBandsSchema } from '../../../shared/domain/ai-recommendation';
import { roleTypes, type RoleType } from '../../../shared/domain/interview';

const skillId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (it is stored with every judged answer)');

export const skillDefinitionSchema = z.strictObject({
  id: skillId,
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(1000),
  topics: z.array(z.string().min(1).max(200)).min(1).max(20),
});
export type SkillDefinition = z.infer<typeof skillDefinitionSchema>;

export const roleDefinitionSchema = z
  .strictObject({
    roleType: z.enum(roleTypes),
    version: z.number().int().min(1),
    title: z.string().min(1).max(100),
    // At most 8 because the standard phase (5–8 questions) must be able to cover every skill once.
    skills: z.array(skillDefinitionSchema).min(4).max(8),
    // The overall scores at which the AI recommends advance, hold or reject; a role may set its own bar.
    recommendation: recommendationBandsSchema.default(DEFAULT_RECOMMENDATION_BANDS),
  })
  .superRefine((role, ctx) => {
    const seen = new Set<string>();
    role.skills.forEach((skill, index) => {
      if (seen.has(skill.id)) ctx.addIssue({ code: 'custom', path: ['skills', index, 'id'], message: `duplicate skill id "${skill.id}"` });
      seen.add(skill.id);
    });
  });
export type RoleDefinition = z.infer<typeof roleDefinitionSchema>;

export class RoleDefinitionError extends Error {
  override readonly name = 'RoleDefinitionError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks the text of resources/roles/<roleType>.json. Any problem names the
 * file, because the fix is always an edit to that file. (Reading it is
 * resources/resource-files.ts's job: the engine does no I/O.)
 */
export function parseRoleDefinition(text: string, file: string, roleType: RoleType): RoleDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RoleDefinitionError(file, `The role definition ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = roleDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    throw new RoleDefinitionError(file, `The role definition ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.roleType !== roleType) {
    throw new RoleDefinitionError(file, `The role definition ${file} says roleType "${parsed.data.roleType}", expected "${roleType}".`);
  }
  return parsed.data;
}
