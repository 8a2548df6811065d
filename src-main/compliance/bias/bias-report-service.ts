import type { RoleType } from '../../../shared/domain/interview';
import type { Clock } from '../../common/clock';
import { periodOf } from '../../common/day-period';
import type { BiasOutcomeRepository } from '../../repositories/bias-outcome-repository';
import type { DecisionRepository } from '../../repositories/decision-repository';
import type { SelfIdentificationRepository } from '../../repositories/self-identification-repository';
import { biasReport, type BiasRecord, type BiasReport } from './bias-report';
import { biasReportCsv, biasReportSummary, type BiasReportScope } from './bias-report-export';

export interface BiasReportServiceDeps {
  outcomes: Pick<BiasOutcomeRepository, 'completed'>;
  decisions: Pick<DecisionRepository, 'latestByInterview'>;
  selfIdentifications: Pick<SelfIdentificationRepository, 'latestByCandidate'>;
  roleTitle: (roleType: RoleType) => string;
  clock: Clock;
}

/** A role and a period of whole days (UTC), both ends included: "2026-01-01" to "2026-12-31". */
export interface BiasReportRequest {
  roleType: RoleType;
  from: string;
  to: string;
}

export interface MadeBiasReport {
  scope: BiasReportScope;
  report: BiasReport;
  csv: string;
  summary: string;
}

/**
 * The bias report over this device's records (issue 18, point 6): each
 * candidate once, by their latest interview for the role completed in the
 * period; selected when its newest decision is advance; their newest
 * self-identification, or "not given". Only here do the two meet, and
 * only as counts: no name, answer or score leaves with a group.
 */
export class BiasReportService {
  constructor(private readonly deps: BiasReportServiceDeps) {}

  make(request: BiasReportRequest): MadeBiasReport {
    const { fromIso, toExclusiveIso } = periodOf(request.from, request.to);
    const latestPerCandidate = new Map<string, { interviewId: string; overallScore: number | null }>();
    // Oldest first: a later interview of the same candidate replaces an earlier one.
    for (const outcome of this.deps.outcomes.completed(request.roleType, fromIso, toExclusiveIso)) latestPerCandidate.set(outcome.candidateId, outcome);
    const decisions = this.deps.decisions.latestByInterview();
    const answers = this.deps.selfIdentifications.latestByCandidate();
    const records: BiasRecord[] = [...latestPerCandidate].map(([candidateId, outcome]) => {
      const answer = answers.get(candidateId);
      return {
        sex: answer?.sex ?? null,
        raceEthnicity: answer?.raceEthnicity ?? null,
        selected: decisions.get(outcome.interviewId) === 'advance',
        score: outcome.overallScore,
      };
    });
    const report = biasReport(records);
    const scope: BiasReportScope = { roleTitle: this.deps.roleTitle(request.roleType), from: request.from, to: request.to, madeAt: this.deps.clock.now().toISOString() };
    return { scope, report, csv: biasReportCsv(report), summary: biasReportSummary(report, scope) };
  }
}
