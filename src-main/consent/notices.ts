import { noticeLanguages, type NoticeLanguage, type NoticeView } from '../../shared/domain/consent';
import { loadCurrentNotice } from '../resources/notice-files';

/**
 * What the notice says about keeping data is what the app does today:
 * nothing is deleted on a schedule yet (retention settings are issue 18,
 * point 4). When they exist, this sentence is made from them.
 */
export const RETENTION_TODAY = 'kept until an administrator deletes them.';

/** The current notice of every language, read and checked. */
export function loadNotices(resourcesDir: string): Record<NoticeLanguage, NoticeView> {
  return Object.fromEntries(noticeLanguages.map((language) => [language, loadCurrentNotice(resourcesDir, language, { retention: RETENTION_TODAY })])) as Record<NoticeLanguage, NoticeView>;
}
