import type { ParsedResume } from '../../../../shared/domain/resume';

const levelLabels: Record<ParsedResume['technicalDomains'][number]['level'], string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
  expert: 'Expert',
};

function years(value: number | null): string | null {
  if (value === null) return null;
  return value === 1 ? '1 year' : `${value} years`;
}

/** What was read from the resume, so the candidate can see what the interview will build on. */
export function ResumeSummary({ parsed }: { parsed: ParsedResume }) {
  return (
    <section aria-labelledby="resume-summary-title" className="resume-summary">
      <h4 id="resume-summary-title">What we read from your resume</h4>
      {parsed.summary ? <p>{parsed.summary}</p> : null}
      <dl className="summary-list">
        <dt>Years of experience</dt>
        <dd>{years(parsed.yearsOfExperience) ?? 'Not stated'}</dd>
        <dt>Skills</dt>
        <dd>{parsed.skills.length > 0 ? parsed.skills.join(', ') : 'None found'}</dd>
        <dt>Education</dt>
        <dd>
          {parsed.education.length > 0 ? (
            <ul>
              {parsed.education.map((entry, index) => (
                <li key={index}>
                  {entry.qualification}, {entry.institution}
                  {entry.year !== null ? ` (${entry.year})` : ''}
                </li>
              ))}
            </ul>
          ) : (
            'None found'
          )}
        </dd>
        <dt>Previous roles</dt>
        <dd>
          {parsed.previousRoles.length > 0 ? (
            <ul>
              {parsed.previousRoles.map((role, index) => (
                <li key={index}>
                  {role.title}, {role.organisation}
                  {role.years !== null ? ` (${years(role.years)})` : ''}
                </li>
              ))}
            </ul>
          ) : (
            'None found'
          )}
        </dd>
        <dt>Technical domains</dt>
        <dd>
          {parsed.technicalDomains.length > 0 ? (
            <ul>
              {parsed.technicalDomains.map((entry, index) => (
                <li key={index}>
                  {entry.domain}: {levelLabels[entry.level]}
                </li>
              ))}
            </ul>
          ) : (
            'None found'
          )}
        </dd>
      </dl>
    </section>
  );
}
