import { useEffect } from 'react';
import type { IntegrityEventKind } from '../../../../shared/domain/interview';
import { useKioskCall } from '../../kiosk-context';

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

/**
 * Signals for the recruiter's integrity review while an interview is under
 * way: the window losing focus or being hidden, and pastes. Only the fact
 * and the pasted length are sent, never the pasted text. Best effort: a
 * signal that fails to send must not disturb the candidate.
 */
export function useIntegritySignals(interviewId: string | null, active: boolean): void {
  const call = useKioskCall();
  useEffect(() => {
    if (!interviewId || !active) return;
    const record = (kind: IntegrityEventKind, details?: Record<string, string | number | boolean>) => {
      void call('interview.recordIntegrityEvent', details ? { interviewId, kind, details } : { interviewId, kind });
    };
    const onBlur = () => record('focus_lost');
    const onFocus = () => record('focus_returned');
    const onVisibility = () => record(document.visibilityState === 'hidden' ? 'window_hidden' : 'window_shown');
    const onPaste = (event: ClipboardEvent) =>
      record('paste', { inTextField: isTextField(event.target), characters: event.clipboardData?.getData('text').length ?? 0 });
    window.addEventListener('blur', onBlur);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    // Capture phase: a field that stops the event's propagation still gets recorded.
    document.addEventListener('paste', onPaste, true);
    return () => {
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
      document.removeEventListener('paste', onPaste, true);
    };
  }, [call, interviewId, active]);
}
