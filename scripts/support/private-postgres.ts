import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './instances.js';

const run = promisify(execFile);

/** PostgreSQL's server programs (initdb, pg_ctl), found through the client's pg_config. */
async function serverBinDir(): Promise<string> {
  const { stdout } = await run('pg_config', ['--bindir']);
  return stdout.trim();
}

/**
 * A throwaway PostgreSQL server of the machine's own version on a free loopback port, in a
 * temporary folder: a fault script may restart it without disturbing anything else. As root
 * (CI) its programs run as the `postgres` user, which PostgreSQL requires.
 */
export class PrivatePostgres {
  private constructor(
    private readonly binDir: string,
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ct-private-pg-'));
    const server = new PrivatePostgres(
      await serverBinDir(),
      path.join(root, 'data'),
      await freePort(),
    );
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const uid = Number(stdout.trim());
      chownSync(root, uid, uid);
    }
    await server.pgProgram('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust']);
    await server.control('start');
    return server;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `pg_ctl restart`: `fast` ends every session cleanly, `immediate` is a crash and recovery. */
  restart(mode: 'fast' | 'immediate'): Promise<void> {
    return this.control('restart', mode);
  }

  async stop(): Promise<void> {
    await this.control('stop', 'immediate');
    rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }

  private control(action: 'start' | 'restart' | 'stop', mode = 'fast'): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    // The server's output goes to a log file: an inherited pipe would never close.
    const log = path.join(path.dirname(this.dataDir), 'server.log');
    return this.pgProgram('pg_ctl', [
      action,
      '-D',
      this.dataDir,
      '-m',
      mode,
      '-w',
      '-s',
      '-l',
      log,
      '-o',
      options,
    ]);
  }

  private async pgProgram(name: string, args: string[]): Promise<void> {
    const program = path.join(this.binDir, name);
    const asPostgres = process.getuid?.() === 0;
    await run(
      asPostgres ? 'runuser' : program,
      asPostgres ? ['-u', 'postgres', '--', program, ...args] : args,
      {
        cwd: os.tmpdir(),
      },
    );
  }
}
