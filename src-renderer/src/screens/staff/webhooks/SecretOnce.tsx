import { useState } from 'react';

/**
 * A signing secret, the one time it is shown (issue 21: made or rotated).
 * The admin copies it into the receiving system; closing the panel forgets
 * it, and nothing can show it again: a lost secret is replaced by a rotation.
 */
export function SecretOnce({ name, secret, overlapUntil, onDone }: { name: string; secret: string; overlapUntil: string | null; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="panel alert alert-warning" aria-labelledby="webhook-secret-title">
      <h3 id="webhook-secret-title">The signing secret for {name}</h3>
      <p>Give this secret to the receiving system now. It is shown only this once: after you close this panel, nothing can show it again.</p>
      {overlapUntil ? <p>Until {overlapUntil}, deliveries are signed with the previous secret as well, so the receiver can switch without missing any.</p> : null}
      <p>
        <code id="webhook-secret-value" className="secret-value">
          {secret}
        </code>
      </p>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy the secret
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have given it to the receiver
        </button>
      </div>
      <p role="status">{copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the secret and copy it yourself.' : ''}</p>
    </section>
  );
}
