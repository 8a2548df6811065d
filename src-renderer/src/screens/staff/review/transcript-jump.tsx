import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { QuestionRef } from '../../../../../shared/domain/assessment';

export function transcriptEntryId(number: number): string {
  return `transcript-q${number}`;
}

interface TranscriptJump {
  /** The entry last jumped to; it stays highlighted until the next jump. */
  highlighted: number | null;
  jumpTo: (number: number) => void;
}

const TranscriptJumpContext = createContext<TranscriptJump>({ highlighted: null, jumpTo: () => undefined });

/** Lets any cited question ("Q3") take the reader to that entry of the transcript. */
export function TranscriptJumpProvider({ children }: { children: ReactNode }) {
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const jumpTo = useCallback((number: number) => {
    setHighlighted(number);
    const entry = document.getElementById(transcriptEntryId(number));
    if (!entry) return;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    entry.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });
    entry.focus({ preventScroll: true });
  }, []);
  return <TranscriptJumpContext.Provider value={{ highlighted, jumpTo }}>{children}</TranscriptJumpContext.Provider>;
}

export function useTranscriptJump(): TranscriptJump {
  return useContext(TranscriptJumpContext);
}

/** "Evidence: Q3 Q7", each a link to that question in the transcript. */
export function QuestionRefs({ refs, label = 'Evidence' }: { refs: readonly QuestionRef[]; label?: string }) {
  const { jumpTo } = useTranscriptJump();
  const numbers = [...new Set(refs.map((ref) => ref.number))].sort((a, b) => a - b);
  if (numbers.length === 0) return null;
  return (
    <p className="question-refs">
      <span className="question-refs-label">{label}:</span>{' '}
      {numbers.map((number) => (
        <a
          key={number}
          href={`#${transcriptEntryId(number)}`}
          className="question-ref"
          onClick={(event) => {
            event.preventDefault();
            jumpTo(number);
          }}
        >
          Q{number}
          <span className="visually-hidden"> (question {number} in the transcript)</span>
        </a>
      ))}
    </p>
  );
}
