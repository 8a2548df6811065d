import type { RoleType } from '../../shared/domain/interview';
import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import type { Logger } from '../logging/logger-types';
import { BiasOutcomeRepository } from '../repositories/bias-outcome-repository';
import { DecisionRepository } from '../repositories/decision-repository';
import { SelfIdentificationRepository } from '../repositories/self-identification-repository';
import { BiasReportService } from './bias/bias-report-service';
import { SelfIdentificationService } from './self-identification-service';

export interface ComplianceFeature {
  /** A candidate's voluntary self-identification, kept apart from everything the AI and reviewers see. */
  selfIdentification: SelfIdentificationService;
  /** Selection and scoring rates by group, with impact ratios (NYC Local Law 144's figures). */
  biasReport: BiasReportService;
}

export function createComplianceFeature(deps: { database: AppDatabase; clock: Clock; kioskId: string; roleTitle: (roleType: RoleType) => string; logger: Logger }): ComplianceFeature {
  const answers = new SelfIdentificationRepository(deps.database, deps.clock);
  return {
    selfIdentification: new SelfIdentificationService({ repository: answers, kioskId: deps.kioskId, clock: deps.clock, logger: deps.logger }),
    biasReport: new BiasReportService({
      outcomes: new BiasOutcomeRepository(deps.database),
      decisions: new DecisionRepository(deps.database, deps.clock),
      selfIdentifications: answers,
      roleTitle: deps.roleTitle,
      clock: deps.clock,
    }),
  };
}
