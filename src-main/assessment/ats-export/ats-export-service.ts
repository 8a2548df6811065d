import {
  ATS_EXPORT_SCHEMA_VERSION,
  type AtsAssessmentStatus,
  type AtsFileType,
  type AtsFormat,
  type AtsPeriodBasis,
} from '../../../shared/domain/ats-export';
import { recommendFromScore, type RecommendationBands } from '../../../shared/domain/ai-recommendation';
import { roleTypes, type RoleType } from '../../../shared/domain/interview';
import { AppFailure } from '../../common/app-failure';
import type { Clock } from '../../common/clock';
import { csvDocument } from '../../common/csv';
import { periodOf } from '../../common/day-period';
import type { Logger } from '../../logging/logger-types';
import type { AssessmentRepository, ReviewRow } from '../../repositories/assessment-repository';
import type { DecisionRepository, DecisionWithName } from '../../repositories/decision-repository';
import { atsColumns } from './ats-columns';
import type { AtsRow, AtsSkill } from './ats-row';

/** What the export needs of a role definition (resources/roles/<role>.json). */
export interface AtsRole {
  title: string;
  skills: readonly { id: string; name: string }[];
  recommendation: RecommendationBands;
}

export interface AtsExportDeps {
  assessments: Pick<AssessmentRepository, 'listForReview'>;
  decisions: Pick<DecisionRepository, 'latestWithNamesByInterview'>;
  /** Interview ids whose scoring is queued or running on this device. */
  scoringNow: () => ReadonlySet<string>;
  role: (roleType: RoleType) => AtsRole;
  clock: Clock;
  logger: Logger;
}

export interface AtsExportRequest {
  roleType: RoleType | 'all';
  /** Whole UTC days, both included. */
  from: string;
  to: string;
  by: AtsPeriodBasis;
  format: AtsFormat;
  fileType: AtsFileType;
}

export interface AtsExportFile {
  fileName: string;
  mediaType: 'text/csv' | 'application/json';
  content: string;
  rows: number;
}

/**
 * Assessments and decisions for hiring systems without webhooks (issue 21,
 * point 4): the submitted interviews of a role (or all) whose completion,
 * or latest decision, falls in a period of whole UTC days, oldest first,
 * one row each, as CSV or JSON. Reads this device's records: on a laptop
 * that has synced, that is every kiosk's.
 */
export class AtsExportService {
  constructor(private readonly deps: AtsExportDeps) {}

  make(request: AtsExportRequest): AtsExportFile {
    if (request.roleType !== 'all' && !(roleTypes as readonly string[]).includes(request.roleType)) {
      const message = `The role must be one of ${roleTypes.join(', ')}, or all.`;
      throw new AppFailure('invalid_input', message, { roleType: message });
    }
    const period = periodOf(request.from, request.to);
    const roles = request.roleType === 'all' ? roleTypes : [request.roleType];
    const rows = this.rows(roles, request.by, period.fromIso, period.toExclusiveIso);
    const skills = skillColumns(roles.map((roleType) => this.deps.role(roleType)), rows);
    const columns = atsColumns(request.format, skills);
    const stem = `ats-export-${request.format}-${request.roleType}-${request.from}-to-${request.to}`;
    const generatedAt = this.deps.clock.now().toISOString();
    // Counts and choices only: the rows are candidates' names, emails and decisions.
    this.deps.logger.info('ats export made', { format: request.format, fileType: request.fileType, roleType: request.roleType, by: request.by, rows: rows.length });
    if (request.fileType === 'csv') {
      return { fileName: `${stem}.csv`, mediaType: 'text/csv', content: csvDocument(columns.map((column) => column.name), rows.map((row) => columns.map((column) => column.value(row)))), rows: rows.length };
    }
    const document = {
      schemaVersion: ATS_EXPORT_SCHEMA_VERSION,
      format: request.format,
      role: request.roleType,
      period: { from: request.from, to: request.to, by: request.by },
      generatedAt,
      columns: columns.map((column) => column.name),
      rows: rows.map((row) => Object.fromEntries(columns.map((column) => [column.name, column.value(row)]))),
    };
    return { fileName: `${stem}.json`, mediaType: 'application/json', content: `${JSON.stringify(document, null, 2)}\n`, rows: rows.length };
  }

  private rows(roles: readonly RoleType[], by: AtsPeriodBasis, fromIso: string, toExclusiveIso: string): AtsRow[] {
    const decisions = this.deps.decisions.latestWithNamesByInterview();
    const scoring = this.deps.scoringNow();
    const [start, end] = [Date.parse(fromIso), Date.parse(toExclusiveIso)];
    const inPeriod = (time: string | null): time is string => time !== null && Date.parse(time) >= start && Date.parse(time) < end;
    const picked: { row: AtsRow; at: string }[] = [];
    for (const review of this.deps.assessments.listForReview()) {
      const { interview } = review;
      // Submitted interviews only: an unfinished or abandoned one has nothing to assess or decide.
      if (interview.status !== 'completed' || !interview.completedAt || !roles.includes(interview.roleType)) continue;
      const decision = decisions.get(interview.id) ?? null;
      const at = by === 'completed' ? interview.completedAt : (decision?.decidedAt ?? null);
      if (!inPeriod(at)) continue;
      picked.push({ row: this.toRow(review, interview.completedAt, decision, scoring.has(interview.id)), at });
    }
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return picked.sort((a, b) => order(a.at, b.at) || order(a.row.interviewId, b.row.interviewId)).map((entry) => entry.row);
  }

  private toRow(review: ReviewRow, completedAt: string, decision: DecisionWithName | null, scoring: boolean): AtsRow {
    const { interview, assessment } = review;
    const role = this.deps.role(interview.roleType);
    const overallScore = assessment?.overallScore ?? null;
    return {
      candidateName: review.candidateName,
      candidateEmail: review.candidateEmail,
      roleType: interview.roleType,
      roleTitle: role.title,
      interviewId: interview.id,
      completedAt,
      assessmentStatus: statusOf(assessment?.status ?? null, scoring),
      overallScore,
      skillScores: assessment?.skillScores ?? {},
      aiRecommendation: recommendFromScore(overallScore, role.recommendation)?.decision ?? null,
      decision: decision?.decision ?? null,
      decidedBy: decision?.decidedByName ?? null,
      decidedAt: decision?.decidedAt ?? null,
      note: decision ? decision.note : null,
    };
  }
}

/** A stored assessment says what it is; without one, scoring runs here or nothing is here to show. */
function statusOf(stored: 'complete' | 'partial' | 'failed' | null, scoring: boolean): AtsAssessmentStatus {
  if (stored) return stored;
  return scoring ? 'scoring' : 'not_scored';
}

/**
 * The skill columns: each exported role's skills in its definition's order,
 * then any skill scored in a row that no role lists now (a role file
 * changed since), so no stored score is left out.
 */
function skillColumns(roles: readonly AtsRole[], rows: readonly AtsRow[]): AtsSkill[] {
  const skills = new Map<string, AtsSkill>();
  for (const role of roles) for (const skill of role.skills) if (!skills.has(skill.id)) skills.set(skill.id, { id: skill.id, name: skill.name });
  for (const row of rows) for (const id of Object.keys(row.skillScores)) if (!skills.has(id)) skills.set(id, { id, name: id });
  return [...skills.values()];
}
