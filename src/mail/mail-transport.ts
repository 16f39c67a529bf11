import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

/** What one mail says, rendered. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe (RFC 8058): sent as List-Unsubscribe and List-Unsubscribe-Post. */
  unsubscribeUrl: string | null;
}

export interface MailDeliveryResult {
  channel: 'smtp' | 'log';
  succeeded: boolean;
  error: string | null;
  durationMs: number;
}

/** An SMTP conversation that hangs is given up after this long; the outbox retries it. */
const SMTP_TIMEOUT_MS = 15_000;

/**
 * One delivery attempt: through the SMTP server of SMTP_URL (nodemailer, one pooled connection),
 * or a log line when none is configured.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transporter;

  constructor(config: AppConfig) {
    this.transporter = config.SMTP_URL
      ? nodemailer.createTransport(
          {
            url: config.SMTP_URL,
            pool: true,
            maxConnections: 1,
            connectionTimeout: SMTP_TIMEOUT_MS,
            greetingTimeout: SMTP_TIMEOUT_MS,
            socketTimeout: SMTP_TIMEOUT_MS,
          },
          { from: config.MAIL_FROM },
        )
      : null;
  }

  async send(mail: OutgoingMail): Promise<MailDeliveryResult> {
    if (!this.transporter) {
      // Where no mail goes out, the log is its reader: the text, links included.
      this.logger.log({ msg: 'mail', to: mail.to, subject: mail.subject, text: mail.text });
      return { channel: 'log', succeeded: true, error: null, durationMs: 0 };
    }
    const started = performance.now();
    try {
      await this.transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.unsubscribeUrl
          ? {
              list: { unsubscribe: mail.unsubscribeUrl },
              headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
            }
          : {}),
      });
      return { channel: 'smtp', succeeded: true, error: null, durationMs: elapsed(started) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { channel: 'smtp', succeeded: false, error: message, durationMs: elapsed(started) };
    }
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}

const elapsed = (started: number): number => Math.round(performance.now() - started);
