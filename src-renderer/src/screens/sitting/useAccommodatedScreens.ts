import { useEffect } from 'react';
import type { KioskSitting } from '../../../../shared/domain/proctoring';

/** The class on <html> that styles.css answers with larger, higher-contrast text. */
export const LARGER_TEXT_CLASS = 'accommodation-larger-text';

/**
 * The sitting's accommodations that change how the screens look: with
 * `larger_text` granted, every screen at the kiosk is in larger text with
 * higher contrast until the sitting is over (the candidate's own screens
 * and the lock and pause screens they see alike).
 */
export function useAccommodatedScreens(sitting: KioskSitting | null): void {
  const larger = sitting !== null && sitting.status !== 'ended' && sitting.accommodations.includes('larger_text');
  useEffect(() => {
    document.documentElement.classList.toggle(LARGER_TEXT_CLASS, larger);
    return () => document.documentElement.classList.remove(LARGER_TEXT_CLASS);
  }, [larger]);
}
