import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RoleType } from '../../shared/domain/interview';
import type { QuestionBank } from '../interview/bank/question-bank';
import type { PromptSet, RoleDefinition } from '../interview/engine/index';
import { loadPromptSet, loadQuestionBank, loadRoleDefinition, roleDefinitionPath } from './resource-files';

/**
 * Role definitions and prompt sets from the app's resources folder, read
 * once each. A stored interview names its prompt version ('interview-v1'),
 * so a resumed interview keeps the prompts it started with.
 */
export class InterviewResources {
  private readonly roles = new Map<RoleType, RoleDefinition>();
  private readonly promptSets = new Map<string, PromptSet>();
  private readonly roleHashes = new Map<RoleType, string>();
  private readonly banks = new Map<RoleType, QuestionBank>();

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

  /** SHA-256 of the role definition file as read: the question bank's version in the audit trail. */
  roleSha256(roleType: RoleType): string {
    let hash = this.roleHashes.get(roleType);
    if (!hash) {
      this.role(roleType);
      hash = createHash('sha256').update(readFileSync(roleDefinitionPath(this.resourcesDir, roleType))).digest('hex');
      this.roleHashes.set(roleType, hash);
    }
    return hash;
  }

  /** The role's question bank (issue 19): the questions asked when the AI service cannot write one. */
  bank(roleType: RoleType): QuestionBank {
    let bank = this.banks.get(roleType);
    if (!bank) {
      bank = loadQuestionBank(this.resourcesDir, roleType);
      this.banks.set(roleType, bank);
    }
    return bank;
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
