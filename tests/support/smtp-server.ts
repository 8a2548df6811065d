import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback for the email tests (resume feedback, the explanation pack), with its test account. */

export const SMTP_USER = 'kiosk-mailer';
export const SMTP_PASSWORD = 'smtp-secret-9d41c7';
export const SENDER = 'feedback@teamified.test';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  messageId: string;
  /** The files the message carried, decoded (the explanation pack's PDF, JSON and recordings). */
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts; stop() makes it unreachable. */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  readonly authAttempts: { username: string; password: string }[] = [];
  port = 0;
  /**
   * Runs after a message's data arrived and before the server accepts it: the
   * sender is mid-send, as long as this takes (a test's "meanwhile, elsewhere").
   */
  beforeAccept: (() => Promise<void>) | null = null;
  private server: SMTPServer | null = null;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        this.authAttempts.push({ username: auth.username ?? '', password: auth.password ?? '' });
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            await this.beforeAccept?.();
            const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
            const attachments = mail.attachments.map((file) => ({ filename: file.filename ?? '', contentType: file.contentType, content: file.content }));
            this.mails.push({ to, from: mail.from?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '', messageId: mail.messageId ?? '', attachments });
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
