import type { SkillBoundary, SkillScore } from '../../../../../shared/domain/assessment';
import { QuestionRefs } from './transcript-jump';

interface SkillRow {
  skillId: string;
  name: string;
  score: SkillScore | null;
  boundary: SkillBoundary | null;
}

/** Every skill that has a score or a boundary, scores first in the order main gave them. */
function skillRows(scores: readonly SkillScore[], boundaries: readonly SkillBoundary[]): SkillRow[] {
  const rows = new Map<string, SkillRow>();
  for (const score of scores) rows.set(score.skillId, { skillId: score.skillId, name: score.name, score, boundary: null });
  for (const boundary of boundaries) {
    const row = rows.get(boundary.skillId);
    if (row) row.boundary = boundary;
    else rows.set(boundary.skillId, { skillId: boundary.skillId, name: boundary.name, score: null, boundary });
  }
  return [...rows.values()];
}

const LEVELS = [1, 2, 3, 4, 5] as const;
const ROW = 52;
const TOP = 34;
const BAR_X = 270;
const BAR_W = 220;
const SCALE_X = 570;
const STEP = 40;
const WIDTH = SCALE_X + STEP * 4 + 30;

function truncate(text: string, max = 27): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function levelText(level: number | null | undefined): string {
  return level === null || level === undefined || level === 0 ? 'None' : `Level ${level}`;
}

/**
 * Skill scores (0–100) and where each skill's difficulty boundary lies
 * (levels 1–5), drawn as inline SVG; the same numbers follow in a table for
 * screen readers and for anyone who prefers to read them.
 */
export function SkillChart({ scores, boundaries }: { scores: readonly SkillScore[]; boundaries: readonly SkillBoundary[] }) {
  const rows = skillRows(scores, boundaries);
  if (rows.length === 0) return <p>No skills were scored.</p>;
  const height = TOP + rows.length * ROW + 8;
  const summary = rows
    .map((row) => `${row.name}: ${row.score ? `score ${Math.round(row.score.score)}` : 'no score'}, ${describeBoundary(row.boundary)}`)
    .join('; ');

  return (
    <>
      <figure className="skill-chart">
        <svg
          role="img"
          aria-label={`Skill scores out of 100 and difficulty boundaries from level 1 to 5. ${summary}.`}
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          className="skill-chart-svg"
        >
          <text x={BAR_X} y={18} className="chart-heading">
            Score (0–100)
          </text>
          <text x={SCALE_X - 14} y={18} className="chart-heading">
            Difficulty (1–5)
          </text>
          {rows.map((row, index) => {
            const y = TOP + index * ROW;
            const mid = y + ROW / 2;
            const value = row.score?.score ?? null;
            const b = row.boundary;
            return (
              <g key={row.skillId}>
                <text x={0} y={mid + 6} className="chart-label">
                  {truncate(row.name)}
                  {row.name.length > 27 ? <title>{row.name}</title> : null}
                </text>
                <rect x={BAR_X} y={mid - 10} width={BAR_W} height={20} rx={4} className="chart-track" />
                {value !== null ? <rect x={BAR_X} y={mid - 10} width={(BAR_W * value) / 100} height={20} rx={4} className="chart-bar" /> : null}
                <text x={BAR_X + BAR_W + 10} y={mid + 6} className="chart-value">
                  {value === null ? '—' : Math.round(value)}
                </text>
                {LEVELS.map((level) => {
                  const cx = SCALE_X + (level - 1) * STEP;
                  const passed = b !== null && level <= b.highestPassed;
                  const failed = b?.lowestFailed === level;
                  const atBoundary = b?.boundary === level;
                  const className = ['chart-level', passed ? 'chart-level-passed' : '', failed ? 'chart-level-failed' : ''].join(' ');
                  return (
                    <g key={level}>
                      {atBoundary ? <circle cx={cx} cy={mid} r={16} className="chart-boundary" /> : null}
                      <circle cx={cx} cy={mid} r={11} className={className} />
                      <text x={cx} y={mid + 5} textAnchor="middle" className={passed || failed ? 'chart-level-text-on' : 'chart-level-text'}>
                        {level}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
        <figcaption className="chart-legend">
          <span className="legend-item">
            <span className="legend-swatch legend-passed" aria-hidden="true" /> Answered well
          </span>
          <span className="legend-item">
            <span className="legend-swatch legend-boundary" aria-hidden="true" /> Boundary the interview settled on
          </span>
          <span className="legend-item">
            <span className="legend-swatch legend-failed" aria-hidden="true" /> Lowest level not answered well
          </span>
        </figcaption>
      </figure>
      <div className="table-scroll">
        <table className="data-table skill-table">
          <caption className="visually-hidden">Skill scores and difficulty boundaries</caption>
          <thead>
            <tr>
              <th scope="col">Skill</th>
              <th scope="col" className="numeric">
                Score
              </th>
              <th scope="col">Highest level passed</th>
              <th scope="col">Boundary</th>
              <th scope="col">Lowest level failed</th>
              <th scope="col" className="numeric">
                Questions
              </th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.skillId}>
                <th scope="row">{row.name}</th>
                <td className="numeric">{row.score ? Math.round(row.score.score) : 'Not scored'}</td>
                <td>{levelText(row.boundary?.highestPassed)}</td>
                <td>
                  {row.boundary ? (row.boundary.boundary === null ? 'Not pinned down' : levelText(row.boundary.boundary)) : '—'}
                  {row.boundary?.label ? ` (${row.boundary.label.replace(/_/g, ' ')})` : ''}
                </td>
                <td>{levelText(row.boundary?.lowestFailed)}</td>
                <td className="numeric">{row.boundary?.questionsAsked ?? '—'}</td>
                <td>
                  {row.score?.summary ?? ''}
                  {row.score ? <QuestionRefs refs={row.score.refs} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function describeBoundary(boundary: SkillBoundary | null): string {
  if (!boundary) return 'no boundary recorded';
  const parts = [`passed up to ${levelText(boundary.highestPassed).toLowerCase()}`];
  if (boundary.boundary !== null) parts.push(`boundary at level ${boundary.boundary}`);
  if (boundary.lowestFailed !== null) parts.push(`first missed at level ${boundary.lowestFailed}`);
  return parts.join(', ');
}
