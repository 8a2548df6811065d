import { useState } from 'react';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { noFeedback, serverFeedback, type FormFeedback } from '../../forms';
import { usePending } from '../../hooks/usePending';
import { useKioskCall } from '../../kiosk-context';

/** The sitting's controls: each answers with the sitting as it now stands. */
export type SittingAction = 'sitting.pause' | 'sitting.resume' | 'sitting.addNote' | 'sitting.end';

/**
 * One control's call to main: one at a time, main's refusal kept for the
 * control's own alert, and the sitting main answers with handed up so every
 * part of the panel shows the same state.
 */
export function useSittingAction(onChanged: (sitting: ProctorSittingView) => void) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const [failure, setFailure] = useState<FormFeedback>(noFeedback);

  const act = <C extends SittingAction>(channel: C, input: ChannelInput<C>, done?: (sitting: ProctorSittingView) => void) =>
    run(async () => {
      setFailure(noFeedback);
      const result = await call(channel, input);
      if (!result.ok) {
        setFailure(serverFeedback(result.error));
        return;
      }
      // Every SittingAction answers { sitting }; TypeScript cannot see that through the generic.
      const { sitting } = result.data as { sitting: ProctorSittingView };
      onChanged(sitting);
      done?.(sitting);
    });

  return { pending, failure, setFailure, act };
}
