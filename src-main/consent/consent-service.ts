import { CONSENT_NEEDED, NOTICE_CHANGED } from '../../shared/copy/consent-messages';
import { noticeLanguages, type ConsentChoice, type NoticeLanguage, type NoticeView } from '../../shared/domain/consent';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { ConsentFollowUp, ConsentRepository } from '../repositories/consent-repository';

export interface ConsentServiceDeps {
  repository: Pick<ConsentRepository, 'add' | 'latestTo' | 'openFollowUps'>;
  /** The current notice of each language, loaded and checked at start (resources/notice-files.ts). */
  notices: Readonly<Record<NoticeLanguage, NoticeView>>;
  /** This install (proctoring/kiosk-id.ts): where the answer was given. */
  kioskId: string;
  /** The sitting this kiosk holds for the candidate, if any: the record names it. */
  sittingOf: (candidateId: string) => string | null;
  clock: Clock;
  logger: Logger;
}

export interface NoticeStatus {
  notice: NoticeView;
  answer: { choice: ConsentChoice; answeredAt: string } | null;
}

/** How many open requests staff see at once: a list to act on, not an archive. */
const FOLLOW_UP_LIMIT = 200;

/**
 * Notice and consent (issue 18, point 1): which notice a candidate must
 * answer, recording their answer, and the rule the interview asks before
 * anything carries or records their voice or words: their newest answer
 * to the current notice (its version and the hash of its text) is consent.
 * A new notice, or a changed one, has no answer yet, so it asks again.
 */
export class ConsentService {
  constructor(private readonly deps: ConsentServiceDeps) {}

  status(candidateId: string, language: NoticeLanguage): NoticeStatus {
    const notice = this.deps.notices[language];
    const latest = this.deps.repository.latestTo(candidateId, notice);
    return { notice, answer: latest ? { choice: latest.choice, answeredAt: latest.answeredAt } : null };
  }

  /** Records the answer to the notice the candidate was shown; refuses one given to a notice that is no longer current. */
  answer(candidateId: string, input: { language: NoticeLanguage; noticeVersion: string; noticeSha256: string; choice: ConsentChoice }): NoticeStatus {
    const notice = this.deps.notices[input.language];
    if (notice.version !== input.noticeVersion || notice.sha256 !== input.noticeSha256) throw new AppFailure('conflict', NOTICE_CHANGED);
    this.deps.repository.add({
      candidateId,
      kioskId: this.deps.kioskId,
      sittingId: this.deps.sittingOf(candidateId),
      noticeVersion: notice.version,
      noticeLanguage: notice.language,
      noticeSha256: notice.sha256,
      choice: input.choice,
      answeredAt: this.deps.clock.now().toISOString(),
    });
    this.deps.logger.info('notice answered', { candidateId, noticeVersion: notice.version, choice: input.choice, sittingId: this.deps.sittingOf(candidateId) });
    return this.status(candidateId, input.language);
  }

  /** Refuses (forbidden, saying what to do) unless the candidate's newest answer to a current notice is consent. */
  admit(candidateId: string): void {
    const consented = noticeLanguages.some((language) => this.status(candidateId, language).answer?.choice === 'consent');
    if (!consented) throw new AppFailure('forbidden', CONSENT_NEEDED);
  }

  followUps(): ConsentFollowUp[] {
    return this.deps.repository.openFollowUps(FOLLOW_UP_LIMIT);
  }
}
