import type { RoleType } from '../../../shared/domain/interview';
import type { Clock } from '../../common/clock';
import type { AppDatabase } from '../../db/open-database';
import type { Logger } from '../../logging/logger-types';
import { AssessmentRepository } from '../../repositories/assessment-repository';
import { DecisionRepository } from '../../repositories/decision-repository';
import { JobRepository } from '../../repositories/job-repository';
import { ScoringJobs } from '../scoring-job';
import { AtsExportService, type AtsRole } from './ats-export-service';

/** The export over one device database, the same in the app and the CLI (which opens the file read-only: this only reads). */
export function createAtsExport(deps: { database: AppDatabase; clock: Clock; logger: Logger; role: (roleType: RoleType) => AtsRole }): AtsExportService {
  const scoringJobs = new ScoringJobs(new JobRepository(deps.database, deps.clock));
  return new AtsExportService({
    assessments: new AssessmentRepository(deps.database, deps.clock),
    decisions: new DecisionRepository(deps.database, deps.clock),
    scoringNow: () => scoringJobs.activeInterviewIds(),
    role: deps.role,
    clock: deps.clock,
    logger: deps.logger,
  });
}
