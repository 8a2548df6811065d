/** A file sent with an email (the explanation pack's PDF, JSON and recordings). */
export interface EmailAttachment {
  /** A safe file name (ASCII letters, digits, hyphens, one extension). */
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One plain-text email, with files when it carries some. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  attachments?: readonly EmailAttachment[];
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
