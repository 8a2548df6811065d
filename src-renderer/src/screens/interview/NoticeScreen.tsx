import { useCallback, useEffect, useState } from 'react';
import { ACCOMMODATION_REQUESTED, DECLINED } from '../../../../shared/copy/consent-messages';
import type { ConsentChoice, NoticeView } from '../../../../shared/domain/consent';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';

interface NoticeScreenProps {
  /** The candidate agreed (now, or before to this same notice): the equipment check, or their interview, comes next. Stable (useCallback). */
  onAgreed: () => void;
  onBack: () => void;
}

const choiceLabels: Record<ConsentChoice, string> = {
  consent: 'I agree',
  accommodation: 'I need an accommodation',
  decline: 'I do not agree — I want an interview with a person',
};

/**
 * The notice about the AI interview, before anything can hear the
 * candidate: the equipment check opens the microphone, so it comes after
 * this. Only “I agree” goes on; the other two record the answer for staff
 * and start nothing.
 */
export function NoticeScreen({ onAgreed, onBack }: NoticeScreenProps) {
  const call = useKioskCall();
  const load = useCallback(() => call('consent.notice', {}), [call]);
  const { state, reload } = useLoad(load);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const focus = useFocusRequest();
  const agreedBefore = state.status === 'ready' && state.data.answer?.choice === 'consent';
  // They already agreed to this very notice (its version and text): asked again only when it changes.
  useEffect(() => {
    if (agreedBefore) onAgreed();
  }, [agreedBefore, onAgreed]);

  if (state.status === 'loading' || agreedBefore) return <p role="status">Loading the notice about your interview…</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" className="alert alert-error">
        <p>We could not load the notice about your interview: {state.message}</p>
        <button type="button" className="button button-secondary" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  const { notice } = state.data;

  const choose = async (choice: ConsentChoice) => {
    if (pending) return;
    setPending(true);
    setProblem(null);
    const result = await call('consent.answer', { language: notice.language, noticeVersion: notice.version, noticeSha256: notice.sha256, choice });
    setPending(false);
    if (!result.ok) {
      setProblem(result.error.message);
      // A newer notice: show it, so what they answer is what they read.
      if (result.error.code === 'conflict') reload();
      focus('notice-alert');
      return;
    }
    if (choice === 'consent') {
      onAgreed();
      return;
    }
    setOutcome(choice === 'decline' ? DECLINED : ACCOMMODATION_REQUESTED);
    focus('notice-outcome');
  };

  if (outcome) {
    return (
      <>
        <ScreenHeading>{notice.title}</ScreenHeading>
        <div id="notice-outcome" tabIndex={-1}>
          <StatusMessage message={outcome} tone="info" />
        </div>
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={onBack}>
            Back to the start
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <ScreenHeading>{notice.title}</ScreenHeading>
      <NoticeText notice={notice} />
      <FormAlert id="notice-alert" message={problem} />
      <section aria-labelledby="notice-choice-title" className="panel">
        <h2 id="notice-choice-title">Your choice</h2>
        <p>Nothing is recorded until you choose “I agree”. Choosing an interview with a person has no penalty.</p>
        <div className="actions">
          {(['consent', 'accommodation', 'decline'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className={choice === 'consent' ? 'button button-primary' : 'button button-secondary'}
              aria-disabled={pending || undefined}
              onClick={() => void choose(choice)}
            >
              {choiceLabels[choice]}
            </button>
          ))}
          <button type="button" className="button button-secondary" onClick={onBack}>
            Back
          </button>
        </div>
      </section>
    </>
  );
}

function NoticeText({ notice }: { notice: NoticeView }) {
  return (
    <article aria-label="Notice about the AI interview" className="notice-text">
      {notice.sections.map((section, index) => (
        <section key={index} aria-labelledby={`notice-section-${index}`} className="panel">
          <h2 id={`notice-section-${index}`}>{section.heading}</h2>
          <NoticeBlocks blocks={section.blocks} />
        </section>
      ))}
      <p className="notice-version">
        Notice {notice.version} ({notice.language})
      </p>
    </article>
  );
}

/** Consecutive items form one list, so a screen reader announces it as one. */
function NoticeBlocks({ blocks }: { blocks: NoticeView['sections'][number]['blocks'] }) {
  const groups: Array<{ kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] }> = [];
  for (const block of blocks) {
    const last = groups.at(-1);
    if (block.kind === 'item') {
      if (last?.kind === 'list') last.items.push(block.text);
      else groups.push({ kind: 'list', items: [block.text] });
    } else groups.push({ kind: 'paragraph', text: block.text });
  }
  return (
    <>
      {groups.map((group, index) =>
        group.kind === 'paragraph' ? (
          <p key={index}>{group.text}</p>
        ) : (
          <ul key={index}>
            {group.items.map((item, itemIndex) => (
              <li key={itemIndex}>{item}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}
