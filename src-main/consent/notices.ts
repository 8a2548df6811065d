import { noticeLanguages, type NoticeLanguage, type NoticeView } from '../../shared/domain/consent';
import { defaultSettings, type RetentionSettings } from '../../shared/domain/settings';
import { loadCurrentNotice } from '../resources/notice-files';

/**
 * What the notice says about keeping data, made from IT's retention
 * settings (issue 18, point 4), so it is what the app does: each kind with
 * a period goes after it, the rest stays until erased, and a candidate can
 * ask for erasure at any time. It completes "Your recordings, transcript
 * and assessment are …". A changed setting changes the text, and so its
 * hash: candidates are asked again.
 */
export function retentionSentence(retention: RetentionSettings): string {
  const periods: [string, number | null][] = [
    ['recordings', retention.recordingsDays],
    ['transcripts', retention.transcriptsDays],
    ['assessments', retention.assessmentsDays],
    ['resumes', retention.resumesDays],
  ];
  const set = periods.filter((period): period is [string, number] => period[1] !== null);
  if (set.length === 0) return 'kept until you or an administrator ask for them to be erased.';
  const listed = set.map(([kind, days]) => `${kind} ${days} days`).join(', ');
  return `deleted after a set time (${listed}${set.length < periods.length ? '; the rest when erased' : ''}), or sooner if you ask for them to be erased.`;
}

/** The current notice of every language, read and checked, saying how long data is kept under these settings. */
export function loadNotices(resourcesDir: string, retention: RetentionSettings = defaultSettings.retention): Record<NoticeLanguage, NoticeView> {
  const values = { retention: retentionSentence(retention) };
  return Object.fromEntries(noticeLanguages.map((language) => [language, loadCurrentNotice(resourcesDir, language, values)])) as Record<NoticeLanguage, NoticeView>;
}
