import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { emptyNewAccount, newAccountFieldOrder, validateNewAccount, type NewAccount, type NewAccountValues } from '../new-account';
import { clientFeedback, firstInvalidFieldId, noFeedback, serverFeedback, type FormFeedback } from '../forms';
import { useFocusRequest } from './useFocusRequest';
import { usePending } from './usePending';

interface NewAccountFormOptions {
  /** Prefixes the form's element ids. */
  prefix: string;
  send: (account: NewAccount) => Promise<Result<SessionUser>>;
  onCreated: (user: SessionUser) => void;
  /**
   * Reshapes main's refusal for this screen; `focusAlert` sends focus to the
   * alert (where the way forward is) rather than to the first invalid field.
   */
  onRefused?: (feedback: FormFeedback) => { feedback: FormFeedback; focusAlert: boolean } | null;
}

/**
 * The state and submit path every "create an account" form shares (first
 * admin, candidate registration): validate with main's rules, send, and put
 * focus where the person should look next.
 */
export function useNewAccountForm({ prefix, send, onCreated, onRefused }: NewAccountFormOptions) {
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [values, setValues] = useState<NewAccountValues>(emptyNewAccount);
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);
  const alertId = `${prefix}-alert`;
  const order = newAccountFieldOrder(prefix);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const checked = validateNewAccount(values);
      if (!checked.ok) {
        setFeedback(clientFeedback(checked.fields));
        focus(firstInvalidFieldId(order, checked.fields) ?? alertId);
        return;
      }
      setFeedback(noFeedback);
      const result = await send(checked.data);
      if (result.ok) {
        onCreated(result.data);
        return;
      }
      const refused = serverFeedback(result.error);
      const shaped = onRefused?.(refused) ?? { feedback: refused, focusAlert: false };
      setFeedback(shaped.feedback);
      focus(shaped.focusAlert ? alertId : (firstInvalidFieldId(order, shaped.feedback.fields) ?? alertId));
    });
  };

  return { pending, values, setValues, feedback, alertId, submit };
}
