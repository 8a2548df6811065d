export { resolveFocusSkills } from './focus-skills';
export { answerQualities, judgementPassed, judgementSchema, judgementSchemaFor, qualityScore, type AnswerQuality, type Judgement } from './judgement';
export {
  addAnswer,
  addAnswerSummary,
  addQuestion,
  conversationMemorySchema,
  DEFAULT_MEMORY_CHARS,
  DEFAULT_MEMORY_TURNS,
  emptyMemory,
  memoryTurnSchema,
  promptTurns,
  replaceQuestion,
  type ConversationMemory,
  type MemoryLimits,
  type MemoryTurn,
  type PromptTurn,
} from './memory';
export { assertValidRules, DEFAULT_PHASE_RULES, type PhaseRules } from './phase-rules';
export {
  createEngineState,
  DEFAULT_MAX_DURATION_MINUTES,
  planNext,
  recordAsked,
  recordJudgement,
  recordReasked,
  type AskPlan,
  type CreateEngineStateInput,
  type FinishReason,
  type Plan,
  type PlanLimits,
} from './planner';
export { computeSkills, skillProficiency } from './proficiency';
export {
  buildJudgeMessages,
  buildJudgeRequest,
  buildQuestionMessages,
  buildReaskMessages,
  checkPromptVersion,
  promptSetFrom,
  promptSetRef,
  templateNames,
  type JudgeRequest,
  type PromptMessage,
  placeholdersIn,
  PromptSetError,
  renderTemplate,
  type JudgePromptInput,
  type PromptSet,
  type QuestionPromptInput,
  type TemplateName,
} from './prompts';
export { parseRoleDefinition, roleDefinitionSchema, RoleDefinitionError, type RoleDefinition, type SkillDefinition } from './role-definitions';
export { reaskedQuestionIds, type MessageForReask } from './reasked-questions';
export { skillBoundaryLabels } from './skill-levels';
export {
  askedQuestionSchema,
  difficultySchema,
  engineStateSchema,
  EngineStateError,
  parseEngineState,
  questionPurposes,
  type AskedQuestion,
  type Difficulty,
  type EngineState,
  type QuestionPurpose,
  type RecordedJudgement,
  type SkillProficiency,
} from './state';
