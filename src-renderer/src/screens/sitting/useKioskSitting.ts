import { useEffect, useState } from 'react';
import type { KioskSitting } from '../../../../shared/domain/proctoring';
import type { KioskCall, KioskEvents } from '../../kiosk-context';

/**
 * The sitting in progress at this kiosk, as anyone at it may see it, kept
 * current by `sitting.changed`. Asking once also tells main to send this
 * window those events. Asked again whenever who is signed in changes, so a
 * change missed meanwhile cannot leave a stale pause on screen. Off (null)
 * on a recruiter laptop, which has no sittings. Takes App's own call and
 * events, as App sits above the contexts that carry them.
 */
export function useKioskSitting(call: KioskCall, on: KioskEvents, enabled: boolean, signedInAs: string | null): KioskSitting | null {
  const [sitting, setSitting] = useState<KioskSitting | null>(null);

  useEffect(() => {
    if (!enabled) return;
    // An event arriving while the question is out is newer than its answer.
    let answered = false;
    let live = true;
    const off = on('sitting.changed', (event) => {
      answered = true;
      setSitting(event.sitting);
    });
    void call('sitting.current', {}).then((result) => {
      if (live && result.ok && !answered) setSitting(result.data.sitting);
    });
    return () => {
      live = false;
      off();
    };
  }, [enabled, signedInAs, call, on]);

  return enabled ? sitting : null;
}
