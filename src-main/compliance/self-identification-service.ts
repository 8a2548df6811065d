import type { RaceEthnicityCategory, SexCategory } from '../../shared/domain/self-identification';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { SelfIdentificationRepository } from '../repositories/self-identification-repository';

export interface SelfIdentificationAnswer {
  sex: SexCategory | null;
  raceEthnicity: RaceEthnicityCategory | null;
  answeredAt: string;
}

export interface SelfIdentificationServiceDeps {
  repository: Pick<SelfIdentificationRepository, 'add' | 'latestOf'>;
  /** This install: where the answer was given. */
  kioskId: string;
  clock: Clock;
  logger: Logger;
}

/**
 * A candidate's voluntary self-identification for bias monitoring (issue
 * 18, point 6). Giving it, or not, changes nothing for the candidate: no
 * check asks for it and nothing but the bias report reads it. The log says
 * that an answer was given, never what it was.
 */
export class SelfIdentificationService {
  constructor(private readonly deps: SelfIdentificationServiceDeps) {}

  /** The candidate's own newest answer, so the form can show it; null when they gave none. */
  current(candidateId: string): SelfIdentificationAnswer | null {
    const latest = this.deps.repository.latestOf(candidateId);
    return latest ? { sex: latest.sex, raceEthnicity: latest.raceEthnicity, answeredAt: latest.answeredAt } : null;
  }

  /** A new answer replaces the old one for the report; "not given" for both is an answer too. */
  answer(candidateId: string, answer: { sex: SexCategory | null; raceEthnicity: RaceEthnicityCategory | null }): SelfIdentificationAnswer {
    const answeredAt = this.deps.clock.now().toISOString();
    this.deps.repository.add({ candidateId, kioskId: this.deps.kioskId, sex: answer.sex, raceEthnicity: answer.raceEthnicity, answeredAt });
    this.deps.logger.info('self-identification answered', { candidateId });
    return { ...answer, answeredAt };
  }
}
