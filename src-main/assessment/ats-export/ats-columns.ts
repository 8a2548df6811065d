import type { AtsFormat } from '../../../shared/domain/ats-export';
import type { CsvValue } from '../../common/csv';
import { assessmentNote, splitName } from './ats-notes';
import type { AtsRow, AtsSkill } from './ats-row';

/** A column of an export: its header (the JSON key too) and its cell. */
export interface AtsColumn {
  name: string;
  value: (row: AtsRow) => CsvValue;
}

/** The prefix of the standard format's skill columns: `skill_` and the role definition's skill id. */
const SKILL_COLUMN_PREFIX = 'skill_';

/**
 * The columns of each format, in order. What each one maps to in the
 * hiring system, and what was checked of it, is in the README ("ATS-ready
 * exports"); change them together.
 */
export function atsColumns(format: AtsFormat, skills: readonly AtsSkill[]): AtsColumn[] {
  switch (format) {
    case 'standard':
      return standardColumns(skills);
    case 'greenhouse':
      return greenhouseColumns(skills);
    case 'lever':
      return leverColumns(skills);
  }
}

function standardColumns(skills: readonly AtsSkill[]): AtsColumn[] {
  return [
    { name: 'candidate_name', value: (row) => row.candidateName },
    { name: 'candidate_email', value: (row) => row.candidateEmail },
    { name: 'role', value: (row) => row.roleType },
    { name: 'role_title', value: (row) => row.roleTitle },
    { name: 'interview_id', value: (row) => row.interviewId },
    { name: 'completed_at', value: (row) => row.completedAt },
    { name: 'assessment_status', value: (row) => row.assessmentStatus },
    { name: 'overall_score', value: (row) => row.overallScore },
    ...skills.map((skill) => ({ name: `${SKILL_COLUMN_PREFIX}${skill.id}`, value: (row: AtsRow) => row.skillScores[skill.id] ?? null })),
    { name: 'ai_recommendation', value: (row) => row.aiRecommendation },
    { name: 'decision', value: (row) => row.decision },
    { name: 'decided_by', value: (row) => row.decidedBy },
    { name: 'decided_at', value: (row) => row.decidedAt },
    { name: 'note', value: (row) => row.note },
  ];
}

/**
 * Greenhouse Recruiting's bulk candidate import: its template's default
 * fields by the names Greenhouse gives them (First Name, Last Name, Email,
 * Job, Notes). First name, last name and job are required; each job in the
 * file is mapped to a Greenhouse job when importing, so Job carries the
 * role's title for that mapping.
 */
function greenhouseColumns(skills: readonly AtsSkill[]): AtsColumn[] {
  return [
    { name: 'First Name', value: (row) => splitName(row.candidateName).first },
    { name: 'Last Name', value: (row) => splitName(row.candidateName).last },
    { name: 'Email', value: (row) => row.candidateEmail },
    { name: 'Job', value: (row) => row.roleTitle },
    { name: 'Notes', value: (row) => assessmentNote(row, skills) },
  ];
}

/**
 * Lever's candidate import (the columns its help pages name): Full name and
 * Email (Lever finds duplicates by email), Tags (several in one cell,
 * separated by a comma with no space), and the note. Stage, Origin,
 * Sources and the posting are the employer's own values, left to them.
 */
function leverColumns(skills: readonly AtsSkill[]): AtsColumn[] {
  return [
    { name: 'Full name', value: (row) => row.candidateName },
    { name: 'Email', value: (row) => row.candidateEmail },
    { name: 'Tags', value: (row) => leverTags(row) },
    { name: 'Notes', value: (row) => assessmentNote(row, skills) },
  ];
}

function leverTags(row: AtsRow): string {
  const tags = ['Teamified Kiosk', row.roleTitle, row.decision === null ? null : `Teamified decision: ${row.decision}`];
  // A comma inside a tag would split it in two.
  return tags.filter((tag): tag is string => tag !== null).map((tag) => tag.replace(/,/g, ' ').replace(/\s+/g, ' ').trim()).join(',');
}
