import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-root.js';

/** What a finished process wrote, and how it ended. */
export interface ProcessOutput {
  code: number | null;
  /** The signal that ended it; absent when it exited by itself. */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a built process: this one's without the database settings, the test
 * suite's or a developer's, then `env` (where `undefined` removes a variable).
 */
function environment(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'LOG_LEVEL']) delete base[name];
  const merged = { ...base, ...env };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

function spawnBuilt(script: string, args: string[], env: Record<string, string | undefined>) {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', script), ...args], {
    cwd: PROJECT_ROOT,
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { output: ProcessOutput; exited: Promise<ProcessOutput> } {
  const output: ProcessOutput = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<ProcessOutput>((resolve) =>
    child.once('close', (code, signal) => resolve({ ...output, code, ...(signal && { signal }) })),
  );
  return { output, exited };
}

/** Runs a built script (e.g. `src/cli/seed.js`) to its end. */
export function runBuilt(
  script: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<ProcessOutput> {
  return collect(spawnBuilt(script, args, env)).exited;
}

/** JSON log lines, as the app writes them (pino). */
export function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The built server (dist/src/main.js), started until a line of its standard output matches. */
export class BuiltServer {
  private child?: ChildProcess;
  private output?: ProcessOutput;
  private exited?: Promise<ProcessOutput>;

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The output so far. */
  get stdout(): string {
    return this.output?.stdout ?? '';
  }

  get stderr(): string {
    return this.output?.stderr ?? '';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async startUntil(line: RegExp, timeoutMs = 150_000): Promise<void> {
    this.child = spawnBuilt('src/main.js', [], this.env);
    ({ output: this.output, exited: this.exited } = collect(this.child));
    const deadline = Date.now() + timeoutMs;
    while (!line.test(this.stdout)) {
      const ending = this.child.exitCode ?? this.child.signalCode;
      if (ending !== null) throw new Error(`the server ended with ${ending}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${line} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGTERM, and the whole output once it has exited. */
  async stop(): Promise<ProcessOutput> {
    this.child?.kill('SIGTERM');
    return (await this.exited) ?? { code: null, stdout: '', stderr: '' };
  }
}
