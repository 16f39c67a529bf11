import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  path: string;
}

/** How the receiver answers its n-th request (0-based): a status, or never (the request hangs). */
export type Answer = (index: number) => number | 'never';

/** A webhook receiver on 127.0.0.1 that records every request and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  answer: Answer = () => 200;
  /** The `Location` of its 3xx answers. */
  redirectTo = '';
  private readonly waiting: (() => void)[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly server = createServer((req, res) => this.handle(req, res));

  get url(): string {
    return this.urlOf('/hooks/reminders');
  }

  urlOf(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** What arrived at one path. */
  at(path: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path === path);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Resolves once the next request has arrived. */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Answers the requests that were left hanging. */
  release(status = 200): void {
    for (const res of this.held.splice(0)) res.writeHead(status).end();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      this.received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: header('x-signature'),
        timestamp: header('x-timestamp'),
        path: req.url ?? '',
      });
      const answer = this.answer(this.received.length - 1);
      if (answer === 'never') this.held.push(res);
      else if (answer >= 300 && answer < 400)
        res.writeHead(answer, { location: this.redirectTo }).end();
      else res.writeHead(answer).end();
      for (const resolve of this.waiting.splice(0)) resolve();
    });
  }
}
