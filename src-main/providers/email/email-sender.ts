/** One plain-text email. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /**
   * A stable Message-ID ("<...@...>"), the same on every attempt at the same
   * message, so a resend after a crash is recognisable as a duplicate.
   */
  messageId: string;
}

export interface EmailSender {
  /** Resolves once the server accepted the message; rejects with an EmailError otherwise. */
  send(email: OutgoingEmail): Promise<void>;
}

/** A failure to send, in words staff can act on; never contains the password or the recipient. */
export class EmailError extends Error {
  override name = 'EmailError';
  constructor(
    message: string,
    /** False when retrying cannot help (not configured). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
