import nodemailer from 'nodemailer';
import type { SecretStore } from '../../secrets/secret-store';
import type { SettingsService } from '../../settings/settings-service';
import type { NetworkAccess } from '../network/network';
import { EmailError, type EmailSender, type OutgoingEmail } from './email-sender';

export const SMTP_PASSWORD_SECRET = 'smtp-password';

export interface SmtpEmailSenderOptions {
  settings: SettingsService;
  secrets: SecretStore;
  /** Each of connect, greeting and socket idle; well inside the job lease so a hung server cannot outlive it. */
  timeoutMs?: number;
  /** The proxy and CA bundle in force (src-main/providers/network); without it, direct with Node's own CAs. */
  network?: () => Promise<NetworkAccess>;
}

/**
 * Sends through the SMTP server in the settings. The transport is built per
 * message so changed settings and a changed password apply to the next
 * email; the password is read from the keychain only at send time.
 */
export class SmtpEmailSender implements EmailSender {
  constructor(private readonly options: SmtpEmailSenderOptions) {}

  async send(email: OutgoingEmail): Promise<void> {
    const smtp = this.options.settings.get().smtp;
    if (!smtp.host || !smtp.sender) throw new EmailError('Email is not set up: add the SMTP server and sender address in Settings.', false);
    const password = smtp.username ? await this.readPassword() : null;
    const timeout = this.options.timeoutMs ?? 30_000;
    const network = this.options.network ? await this.options.network() : null;
    // Through the proxy when the route says so (a CONNECT tunnel), and IT's CAs for TLS and STARTTLS.
    const { getSocket, tls } = network?.smtp(smtp.host, smtp.port) ?? {};
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.username ? { auth: { user: smtp.username, pass: password ?? '' } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // Nodemailer's own logger would print addresses; the app logs what it needs itself.
      logger: false,
      debug: false,
      ...(getSocket ? { getSocket } : {}),
      ...(tls ? { tls } : {}),
    });
    try {
      await transport.sendMail({
        from: smtp.sender,
        to: email.to,
        subject: email.subject,
        text: email.text,
        messageId: email.messageId,
        ...(email.attachments ? { attachments: email.attachments.map(({ filename, content, contentType }) => ({ filename, content, contentType })) } : {}),
      });
    } catch (error) {
      const refusal = await network?.explain(error, { host: smtp.host, port: smtp.port, scheme: 'smtp', tls: smtp.secure }).catch(() => null);
      // A proxy or inspection refusal stays until IT acts: said as such, and not worth the job's retries.
      if (refusal) throw new EmailError(refusal.message, false);
      throw new EmailError(describeSmtpError(error), true);
    } finally {
      transport.close();
    }
  }

  private async readPassword(): Promise<string> {
    try {
      const password = await this.options.secrets.get(SMTP_PASSWORD_SECRET);
      if (password === null) throw new EmailError('The SMTP password is missing: enter it in Settings.', false);
      return password;
    } catch (error) {
      if (error instanceof EmailError) throw error;
      throw new EmailError('The SMTP password could not be read from the keychain.', true);
    }
  }
}

/** The error's code and the server's reply code only: nodemailer's messages can quote the recipient. */
function describeSmtpError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'unknown';
  const reply = typeof e.responseCode === 'number' ? ` (server replied ${e.responseCode})` : '';
  if (code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET') return `Could not reach the SMTP server [${code}]${reply}.`;
  if (code === 'EAUTH') return `The SMTP server refused the username or password [${code}]${reply}.`;
  return `The SMTP server did not accept the message [${code}]${reply}.`;
}
