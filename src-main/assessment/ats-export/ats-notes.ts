import type { AtsRow, AtsSkill } from './ats-row';

/**
 * The assessment and decision as the text of one note, for hiring systems
 * whose imports take candidates and a note but no scorecard (Greenhouse's
 * and Lever's). Plain text, one fact a line: no markup an importer might
 * show as written, and a line break survives a quoted CSV field (RFC 4180).
 */
export function assessmentNote(row: AtsRow, skills: readonly AtsSkill[]): string {
  const scored = skills.filter((skill) => row.skillScores[skill.id] !== undefined).map((skill) => `${skill.name} ${row.skillScores[skill.id]}`);
  const lines = [
    'Teamified Kiosk interview assessment',
    // The name as stored, in full: a split into first and last name may not be the candidate's own.
    `Candidate: ${row.candidateName} <${row.candidateEmail}>`,
    `Role: ${row.roleTitle}`,
    `Interview: ${row.interviewId}, completed ${row.completedAt}`,
    `Assessment: ${statusWords[row.assessmentStatus]}`,
    `Overall score: ${row.overallScore === null ? 'none' : `${row.overallScore}/100`}`,
  ];
  if (scored.length > 0) lines.push(`Skill scores: ${scored.join('; ')}`);
  lines.push(`AI recommendation: ${row.aiRecommendation ?? 'none (no score)'}`);
  if (row.decision === null) lines.push('Decision: none recorded yet');
  else {
    lines.push(`Decision: ${row.decision}, by ${row.decidedBy} at ${row.decidedAt}`);
    if (row.note) lines.push(`Decision note: ${row.note}`);
  }
  return lines.join('\n');
}

const statusWords: Record<AtsRow['assessmentStatus'], string> = {
  complete: 'complete',
  partial: 'partial (a scoring pass failed; the scores are there)',
  failed: 'failed (no scores)',
  scoring: 'scoring still running',
  not_scored: 'not scored on the exporting device',
};

/**
 * Greenhouse's import asks for a first and a last name; the app keeps one
 * full name. The first word is the first name and the rest the last name;
 * a one-word name leaves the last name empty, for the employer to fill
 * rather than for us to guess (the note keeps the full name).
 */
export function splitName(fullName: string): { first: string; last: string } {
  const words = fullName.trim().split(/\s+/).filter((word) => word !== '');
  return { first: words[0] ?? '', last: words.slice(1).join(' ') };
}
