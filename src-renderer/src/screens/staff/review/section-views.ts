import type { ReviewSection } from '../../../../../shared/domain/review-views';
import type { Result } from '../../../../../shared/ipc/result';

type Report = (section: ReviewSection) => Promise<Result<{ seen: ReviewSection[] }>>;

/**
 * Tells main, once per section, that a section of the assessment came into
 * view (issue 18, point 2: a decision needs the scores and transcript seen).
 * A report that fails is sent again the next time the section comes into
 * view, so a moment offline does not leave the recruiter unable to decide.
 */
export class SectionViewReporter {
  private readonly sent = new Set<ReviewSection>();

  constructor(
    private readonly report: Report,
    /** What main says this person has seen, after each report it took. */
    private readonly onSeen: (seen: readonly ReviewSection[]) => void,
  ) {}

  inView(section: ReviewSection): void {
    if (this.sent.has(section)) return;
    this.sent.add(section);
    this.report(section).then(
      (result) => {
        if (result.ok) this.onSeen(result.data.seen);
        else this.sent.delete(section);
      },
      () => this.sent.delete(section),
    );
  }
}
