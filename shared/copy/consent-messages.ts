/*
 * What the candidate is told about the notice, in words main and the
 * notice screen both use: main refuses with them, the screen shows them.
 */

/** Main's refusal of anything that would record the candidate's voice or words before they agreed. */
export const CONSENT_NEEDED =
  'Before anything is recorded, please read the notice about this AI interview and choose “I agree”. If you need an accommodation, or an interview with a person instead, choose that on the notice and a member of staff will help you.';

export const NOTICE_CHANGED = 'The notice was updated while you were reading it. Please read the new version and choose again.';

export const ACCOMMODATION_REQUESTED =
  'Your request for an accommodation is recorded. Please tell the proctor what you need; the interview will not start until you agree to the notice.';

export const DECLINED =
  'You chose an interview with a person instead. Nothing has been recorded and there is no penalty: a member of staff will contact you to arrange it.';
