import type { ReactNode } from 'react';
import type { TranscriptEntry } from '../../../../../shared/domain/assessment';
import type { AnswerEndDecidedBy } from '../../../../../shared/domain/interview';
import { AnswerAudio } from './AnswerAudio';
import { formatDuration } from './format';
import { phaseLabel } from './labels';
import { transcriptEntryId, useTranscriptJump } from './transcript-jump';

/** How the kiosk decided the answer was over, in a recruiter's words. */
const answerEndedLabels: Record<AnswerEndDecidedBy, string> = {
  words: 'Ended after a short pause: the answer sounded finished.',
  silence: 'Ended after the longest pause the kiosk allows.',
  button: 'Ended when the candidate selected “I’m finished”.',
};

function continuedText(times: number): string {
  const when = times === 1 ? 'once' : `${times} times`;
  return `The candidate carried on after the interviewer had begun the next question (${when}); that question was withdrawn, and this is the whole answer.`;
}

/** Every question and answer, in order; cited questions link here (#transcript-q3). */
export function TranscriptPanel({ interviewId, entries }: { interviewId: string; entries: readonly TranscriptEntry[] }) {
  const { highlighted } = useTranscriptJump();
  return (
    <section aria-labelledby="review-transcript-title" className="panel">
      <h2 id="review-transcript-title">Transcript</h2>
      {entries.length === 0 ? (
        <p>No questions were asked.</p>
      ) : (
        <ol className="transcript">
          {entries.map((entry) => (
            <li key={entry.number}>
              <article
                id={transcriptEntryId(entry.number)}
                tabIndex={-1}
                aria-labelledby={`${transcriptEntryId(entry.number)}-title`}
                className={entry.number === highlighted ? 'transcript-entry transcript-entry-highlight' : 'transcript-entry'}
              >
                <div className="transcript-heading">
                  <h3 id={`${transcriptEntryId(entry.number)}-title`} className="transcript-title">
                    Q{entry.number}
                  </h3>
                  <p className="transcript-meta">
                    {phaseLabel(entry.question.phase)} · {entry.question.skillName}
                    {entry.question.difficulty === null ? '' : ` · difficulty ${entry.question.difficulty} of 5`}
                  </p>
                </div>
                <p className="transcript-question">
                  <span className="transcript-speaker">Question: </span>
                  {entry.question.text}
                </p>
                {entry.question.fromBank ? (
                  <p className="transcript-continued">
                    <span className="badge badge-muted">Question bank</span> The AI service was unavailable, so this question came from the written
                    question bank for this skill and level.
                  </p>
                ) : null}
                {entry.question.firstAskedAs ? (
                  <p className="transcript-continued">
                    <span className="badge badge-muted">Re-asked</span> Asked again in other words at the candidate’s request (an accommodation). First
                    asked as: “{entry.question.firstAskedAs}”
                  </p>
                ) : null}
                {entry.answer ? (
                  <>
                    <p className="transcript-answer">
                      <span className="transcript-speaker">{entry.answer.typed ? 'Answer (typed): ' : 'Answer: '}</span>
                      {answerWords(entry.answer)}
                    </p>
                    {entry.answer.transcription && entry.answer.transcription !== 'live' ? (
                      <p className="transcript-continued">
                        <span className="badge badge-muted">{transcriptionBadges[entry.answer.transcription]}</span> {transcriptionNotes[entry.answer.transcription]}
                      </p>
                    ) : null}
                    <p className="transcript-timing">
                      {entry.answer.typed ? 'Typed: the proctor granted typed answers. ' : null}
                      {entry.answer.responseTimeSeconds === null ? null : `Started ${entry.answer.typed ? 'typing' : 'answering'} after ${formatDuration(entry.answer.responseTimeSeconds)}. `}
                      {entry.answer.audioDurationSeconds === null ? null : `Spoke for ${formatDuration(entry.answer.audioDurationSeconds)}.`}
                      {entry.answer.endedBy ? ` ${answerEndedLabels[entry.answer.endedBy]}` : null}
                    </p>
                    {entry.answer.continued > 0 ? (
                      <p className="transcript-continued">
                        <span className="badge badge-muted">Continued</span> {continuedText(entry.answer.continued)}
                      </p>
                    ) : null}
                    {entry.answer.hasAudio ? <AnswerAudio interviewId={interviewId} messageId={entry.answer.messageId} number={entry.number} /> : null}
                  </>
                ) : (
                  <p className="transcript-answer">
                    <em>Not answered.</em>
                  </p>
                )}
              </article>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type TranscribedAnswer = NonNullable<TranscriptEntry['answer']>;

/** What the answer said, or why its words are not here. */
function answerWords(answer: TranscribedAnswer): ReactNode {
  if (answer.transcription === 'pending') return <em>Recorded; the words will appear once the AI service has transcribed them.</em>;
  if (answer.transcription === 'failed') return <em>The recording could not be transcribed. Listen to it below.</em>;
  return answer.text.trim() === '' ? <em>No words were recognised.</em> : answer.text;
}

const transcriptionBadges: Record<'pending' | 'later' | 'failed', string> = {
  pending: 'Transcription pending',
  later: 'Transcribed later',
  failed: 'Not transcribed',
};

const transcriptionNotes: Record<'pending' | 'later' | 'failed', string> = {
  pending: 'The AI service was unavailable when the candidate answered; the recording is kept and will be transcribed and judged when it is back.',
  later: 'The AI service was unavailable when the candidate answered; these words were transcribed from the recording afterwards.',
  failed: 'The AI service could not transcribe this recording after several tries. The recording is kept; listen to it before deciding.',
};
