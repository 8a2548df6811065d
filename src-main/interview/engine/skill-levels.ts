import type { EngineState } from './state';

/*
 * Words for interview_sessions.skill_boundaries_identified, which recruiters
 * read; the numbers stay in progression_state. Index = boundary (0..5).
 */
const levelNames = ['below_foundational', 'foundational', 'intermediate', 'proficient', 'advanced', 'expert'] as const;

/**
 * skill id → level: the mapped boundary's name; "at_least_<name>" when the
 * candidate passed that level but the limit was not found; "not_assessed"
 * when no answer about the skill has been judged.
 */
export function skillBoundaryLabels(state: EngineState): Record<string, string> {
  return Object.fromEntries(
    state.skillOrder.map((id) => {
      const skill = state.skills[id];
      if (!skill || skill.attempts === 0) return [id, 'not_assessed'];
      if (skill.boundary !== null) return [id, levelNames[skill.boundary]!];
      if (skill.highestPassed > 0) return [id, `at_least_${levelNames[skill.highestPassed]!}`];
      return [id, 'not_yet_passed'];
    }),
  );
}
