/** What the kiosk is doing now, read when an update asks (each from the feature that knows). */
export interface KioskActivity {
  openSitting(): unknown;
  interviewInProgress(): boolean;
  candidateSignedIn(): boolean;
}

/**
 * Why a kiosk may not install an update now, or null when it may (issue
 * 20, point 3: never during a sitting). A candidate signed in counts even
 * with no sitting open and no interview started yet: installing restarts
 * the app under them.
 */
export function kioskBusy(activity: KioskActivity): string | null {
  if (activity.openSitting()) return 'the open sitting';
  if (activity.interviewInProgress()) return 'the interview in progress';
  if (activity.candidateSignedIn()) return 'the signed-in candidate’s session';
  return null;
}
