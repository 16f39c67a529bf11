import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the SMTP server received it: its envelope recipient and the parsed message. */
export interface ReceivedMail {
  to: string;
  mail: ParsedMail;
}

/**
 * A real SMTP server in the test process (plain, no authentication) that keeps what it
 * receives; recipients in `refused` are rejected with a 550, as a mailbox that does not exist.
 */
export class SmtpReceiver {
  readonly received: ReceivedMail[] = [];
  readonly refused = new Set<string>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (!this.refused.has(address.address)) return callback();
      callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo) {
            this.received.push({ to: rcpt.address, mail });
          }
          callback();
        })
        .catch(callback);
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  to(address: string): ParsedMail[] {
    return this.received.filter((item) => item.to === address).map((item) => item.mail);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
