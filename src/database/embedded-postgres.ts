import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DURABLE_START_PARAMS, DurableNodeFS, flushNewDataDirectory } from './durable-node-fs.js';

export interface EmbeddedPostgres {
  url: string;
  close: () => Promise<void>;
}

/** Written beside the data so other processes (the CLI scripts) can reach the running server. */
const SERVER_FILE = 'embedded-server.json';
/** PGlite is one session; the socket server queues many client connections onto it. */
const MAX_CONNECTIONS = 64;
/**
 * PostgreSQL's memory settings, on top of PGlite's start parameters. Its 128 MB of shared
 * buffers are all touched at start, so they were resident for the life of the server; the
 * embedded database is small, and what the buffers do not hold the OS page cache does
 * (docs/operating.md).
 */
const MEMORY_SETTINGS = ['-c', 'shared_buffers=16MB'];
const START_PARAMS = [...PGlite.defaultStartParams, ...MEMORY_SETTINGS];
/** The extensions the migrations create (PGlite loads only those it is given). */
const OPTIONS: PGliteOptions = { extensions: { btree_gin, pg_trgm }, startParams: START_PARAMS };

/** Creates the database in `pgdata` (initdb) with PGlite, then closes it. */
const INITDB_SCRIPT = `
const [pglite, pgdata, startParams] = process.argv.slice(1);
require(pglite).PGlite.create(pgdata, { startParams: JSON.parse(startParams) }).then((db) => db.close());
`;

const pgliteMain = () => createRequire(import.meta.url).resolve('@electric-sql/pglite');

/**
 * Where install leaves a new, empty data folder (npm's postinstall runs
 * `prepareDataFolderTemplate`): a first start copies it instead of running initdb, about 6 s of
 * CPU. Beside the installed packages and named by PGlite's version, so an upgrade makes a new one.
 */
function templateFolder(): string {
  const main = pgliteMain();
  const modules = main.slice(0, main.lastIndexOf(`${path.sep}node_modules${path.sep}`));
  const manifest = path.join(modules, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return path.join(modules, 'node_modules', '.cache', 'commitment-tracker', `pgdata-${version}`);
}

/**
 * initdb in a child process: PGlite's initdb runs a second WebAssembly instance and copies its
 * memory, which left about 90 MB of freed but fragmented heap with the server for its life
 * (docs/operating.md). The child's exit gives it all back. Like the server (npm start), it
 * compiles WebAssembly with the baseline compiler only: the optimizing one peaked at about
 * 600 MB of malloc for initdb.
 */
async function initdb(pgdata: string): Promise<void> {
  await promisify(execFile)(process.execPath, [
    '--liftoff-only',
    '-e',
    INITDB_SCRIPT,
    pgliteMain(),
    pgdata,
    JSON.stringify(START_PARAMS),
  ]);
}

/** Makes the template of new data folders, once; returns its path. */
export async function prepareDataFolderTemplate(): Promise<string> {
  const template = templateFolder();
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const partial = `${template}.${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(path.dirname(partial), { recursive: true });
  await initdb(partial);
  rmSync(template, { recursive: true, force: true });
  renameSync(partial, template);
  return template;
}

/** A new data folder: a copy of install's template, or made by initdb where there is none. */
async function createDataFolder(pgdata: string): Promise<void> {
  if (existsSync(path.join(pgdata, 'PG_VERSION'))) return;
  const template = templateFolder();
  if (existsSync(path.join(template, 'PG_VERSION'))) cpSync(template, pgdata, { recursive: true });
  else await initdb(pgdata);
}

function urlFor(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

async function startServer(db: PGlite): Promise<{ server: PGLiteSocketServer; port: number }> {
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: MAX_CONNECTIONS,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  return { server, port };
}

/** An in-memory database (what the tests use), whose data folder can be dumped. */
export interface MemoryPostgres extends EmbeddedPostgres {
  /**
   * Its data folder as a tar archive that `startMemoryPostgres` takes; checkpointed first, so a
   * start from it has no WAL to replay.
   */
  dump: () => Promise<Blob>;
}

/**
 * An in-memory database, gone when closed. `from`, a data folder as `dump` returns it, spares
 * the start its initdb.
 */
export async function startMemoryPostgres(from?: Blob): Promise<MemoryPostgres> {
  const db = await PGlite.create({ ...OPTIONS, ...(from && { loadDataDir: from }) });
  const { server, port } = await startServer(db);
  return {
    url: urlFor(port),
    dump: async () => {
      await db.exec('CHECKPOINT');
      return db.dumpDataDir('none');
    },
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function findRunningServer(serverFile: string): Promise<string | null> {
  if (!existsSync(serverFile)) return null;
  const { pid, port } = JSON.parse(readFileSync(serverFile, 'utf8')) as {
    pid: number;
    port: number;
  };
  return isAlive(pid) && (await canConnect(port)) ? urlFor(port) : null;
}

/** The URL of the process of this app that serves the database in `dataDir`, if one runs. */
export function runningEmbeddedServer(dataDir: string): Promise<string | null> {
  return findRunningServer(path.join(path.resolve(dataDir), SERVER_FILE));
}

/** Whether `dataDir` holds no database yet (a new install on the embedded database). */
export function isNewDataFolder(dataDir: string): boolean {
  return !existsSync(path.join(path.resolve(dataDir), 'pgdata', 'PG_VERSION'));
}

/**
 * The database kept in `dataDir`. Only one process may open the files, so when another process
 * of this app already serves them (the server while a CLI script runs), this connects to it.
 * A commit is on disk (WAL flushed with fsync) before its answer leaves the socket server.
 */
export async function openEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const runningUrl = await runningEmbeddedServer(dataDir);
  if (runningUrl) return { url: runningUrl, close: () => Promise.resolve() };
  const dir = path.resolve(dataDir);
  const serverFile = path.join(dir, SERVER_FILE);

  mkdirSync(dir, { recursive: true });
  const pgdata = path.join(dir, 'pgdata');
  const isNew = isNewDataFolder(dataDir);
  await createDataFolder(pgdata);
  const db = await PGlite.create({
    ...OPTIONS,
    fs: new DurableNodeFS(pgdata),
    startParams: [...DURABLE_START_PARAMS, ...MEMORY_SETTINGS],
  });
  if (isNew) flushNewDataDirectory(pgdata);
  const { server, port } = await startServer(db);
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, port }));
  return {
    url: urlFor(port),
    close: async () => {
      rmSync(serverFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}
