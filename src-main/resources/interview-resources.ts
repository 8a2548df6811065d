import type { RoleType } from '../../shared/domain/interview';
import type { PromptSet, RoleDefinition } from '../interview/engine/index';
import { loadPromptSet, loadRoleDefinition } from './resource-files';

/**
 * Role definitions and prompt sets from the app's resources folder, read
 * once each. A stored interview names its prompt version ('interview-v1'),
 * so a resumed interview keeps the prompts it started with.
 */
export class InterviewResources {
  private readonly roles = new Map<RoleType, RoleDefinition>();
  private readonly promptSets = new Map<string, PromptSet>();

  constructor(
    readonly resourcesDir: string,
    /** The prompt folder new interviews use. */
    readonly currentPromptFolder = 'v1',
  ) {}

  role(roleType: RoleType): RoleDefinition {
    let role = this.roles.get(roleType);
    if (!role) {
      role = loadRoleDefinition(this.resourcesDir, roleType);
      this.roles.set(roleType, role);
    }
    return role;
  }

  /** By folder ('v1') or by the stored version ('interview-v1'). */
  prompts(version: string = this.currentPromptFolder): PromptSet {
    const folder = version.replace(/^interview-/, '');
    let prompts = this.promptSets.get(folder);
    if (!prompts) {
      prompts = loadPromptSet(this.resourcesDir, folder);
      this.promptSets.set(folder, prompts);
    }
    return prompts;
  }
}
