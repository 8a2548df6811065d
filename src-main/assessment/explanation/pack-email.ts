import { RECORDINGS_ATTACH_CAP_BYTES, type ExplanationPack } from '../../../shared/domain/explanation-pack';

/**
 * The words of the pack's email and what the PDF says about recordings.
 * The recordings go with the email when together they fit under the cap
 * (20 MB: what common mail servers accept with room for the PDF); above it
 * the email says they are available on request, and staff can save them
 * with the pack from the review screen.
 */

export const PACK_SUBJECT = 'Your interview with Teamified: access and explanation pack';

export const packMessageId = (interviewId: string, contentSha256: string) => `<explanation-pack-${interviewId}-${contentSha256.slice(0, 16)}@teamified-kiosk.invalid>`;

export function recordingsFit(totalBytes: number): boolean {
  return totalBytes <= RECORDINGS_ATTACH_CAP_BYTES;
}

export function recordingsNote(pack: ExplanationPack, attached: boolean | null): string {
  const count = pack.recordings.length;
  if (count === 0) return 'No recordings of your answers are kept: none were made (typed answers), or they were deleted at the end of their retention period.';
  const files = `${count} recording${count === 1 ? '' : 's'} of your spoken answers (${pack.recordings.map((recording) => recording.fileName).join(', ')})`;
  if (attached === null) return `${files}: attached to the email when together under ${RECORDINGS_ATTACH_CAP_BYTES / (1024 * 1024)} MB, otherwise available on request.`;
  return attached ? `${files}: attached to this email.` : `${files}: too large to attach together; they are available on request. Reply to this email to receive them.`;
}

export function packEmailText(pack: ExplanationPack, attached: boolean): string {
  const lines = [
    `Dear ${pack.candidate.name},`,
    '',
    `This is the access and explanation pack for your ${pack.interview.roleTitle} interview. The attached PDF explains it in full; the JSON file holds the same content in a machine-readable form.`,
    '',
    pack.recommendation ? pack.recommendation.words : 'There are no scores, so the AI made no recommendation.',
  ];
  const latest = pack.peoplePart.decisions[0];
  lines.push(latest ? `The decision, made by ${latest.decidedBy}: ${latest.decision}.` : 'No decision has been made yet; a named recruiter will decide.');
  if (pack.whatWouldHaveChanged.length > 0) lines.push('', 'What would most have changed the recommendation:', ...pack.whatWouldHaveChanged.map((change) => `- ${change.sentence}`));
  lines.push(
    '',
    recordingsNote(pack, attached),
    '',
    'An AI conducted and scored the interview; people made the decisions, and this pack was approved by a named member of staff before it was sent. You may ask for a human review, a correction or the deletion of your data by replying to this email.',
    '',
    'The Teamified team',
  );
  return lines.join('\n');
}
