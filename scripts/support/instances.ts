import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../src/project-root.js';

const APP_SCRIPT = 'dist/src/main.js';

const startCommand = (): string[] => {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return manifest.scripts.start.split(/\s+/);
};

/** The node flags `npm start` gives the server (package.json), so instances run as deployed. */
export function serverNodeFlags(): string[] {
  return startCommand().filter((word) => word.startsWith('--'));
}

/** The environment `npm start` sets before `node` (e.g. MALLOC_ARENA_MAX=2). */
export function serverEnvironment(): Record<string, string> {
  const command = startCommand();
  const assignments = command.slice(0, command.indexOf('node'));
  return Object.fromEntries(assignments.map((word) => word.split('=', 2) as [string, string]));
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One built server process on a port, on the given database: the app (dist/src/main.js) unless
 * another built script is named. It must answer GET /health/ready once it serves.
 */
export class AppInstance {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly script = APP_SCRIPT,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Started and not exited. */
  get alive(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts the process; resolves once it answers ready (a first start may migrate and seed). */
  async start(readyTimeoutMs = 30_000): Promise<void> {
    const isApp = this.script === APP_SCRIPT;
    const flags = isApp ? serverNodeFlags() : [];
    this.child = spawn(process.execPath, [...flags, path.join(PROJECT_ROOT, this.script)], {
      env: {
        ...process.env,
        ...(isApp ? serverEnvironment() : {}),
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const exitedEarly = this.exited.then((code) => {
      throw new Error(`instance on port ${this.port} exited with ${code} before it was ready`);
    });
    await Promise.race([waitUntilReady(this.port, readyTimeoutMs), exitedEarly]);
  }

  /** SIGKILL, as a crash: the process ends at once, whatever it was doing. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then how long the process took to exit (ms). */
  async stop(): Promise<number> {
    const started = Date.now();
    this.child?.kill('SIGTERM');
    await this.exited;
    return Date.now() - started;
  }
}

async function waitUntilReady(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await delay(100);
  }
  throw new Error(`instance on port ${port} not ready after ${timeoutMs} ms`);
}

/**
 * A tiny round-robin load balancer: each request goes to the next instance on a fresh
 * connection; when that fails before an answer (the instance is shutting down or restarting),
 * the request goes to the following instance, round the ring twice. Only safe because every
 * write of the load is idempotent (GETs, and POSTs carrying an Idempotency-Key or an If-Match).
 */
export async function startRoundRobin(
  ports: number[],
): Promise<{ port: number; close: () => Promise<void> }> {
  let next = 0;
  const forward = (
    request: http.IncomingMessage,
    body: Buffer,
    response: http.ServerResponse,
    attempt: number,
    first: number,
  ) => {
    const port = ports[(first + attempt) % ports.length];
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, connection: 'close' },
        agent: false,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (response.headersSent) response.destroy();
      else if (attempt + 1 < ports.length * 2) {
        setTimeout(() => forward(request, body, response, attempt + 1, first), 20);
      } else response.writeHead(502).end();
    });
    upstream.end(body);
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, Buffer.concat(chunks), response, 0, next++));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
