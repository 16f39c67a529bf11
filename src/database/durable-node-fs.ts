import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type EmscriptenOptions = Parameters<NodeFS['init']>[1];

/** The parts of Emscripten's NODEFS (in PGlite's build) that the fsync needs. */
interface EmscriptenNodefs {
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
  /** Runs a host call, turning a Node error into the errno the WebAssembly side expects. */
  tryFSOperation: <T>(operation: () => T) => T;
}

interface PostgresModule {
  FS: { filesystems: { NODEFS: EmscriptenNodefs } };
}

/**
 * PostgreSQL's start parameters for a data directory that survives power loss: PGlite's own
 * without `-F` (fsync off), so each commit flushes the WAL before PostgreSQL answers.
 * `wal_sync_method=fsync` because this build's `fdatasync()` returns success without touching
 * the file, while `fsync()` goes to the filesystem's fsync (the one DurableNodeFS adds).
 */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

/**
 * PGlite's NodeFS (files in a host folder) with an fsync that reaches the disk: Emscripten's
 * NODEFS has none, so `fsync()` inside PostgreSQL reported success and flushed nothing. Each
 * fsync is now `fsync(2)` on the host file or folder; a failure reaches PostgreSQL as an error
 * (it stops rather than acknowledge a write it could not flush).
 */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, options: EmscriptenOptions) {
    const { emscriptenOpts } = await super.init(pg, options);
    const preRun = [...(emscriptenOpts.preRun ?? []), addHostFsync];
    return { emscriptenOpts: { ...emscriptenOpts, preRun } };
  }
}

function addHostFsync(module: PostgresModule): void {
  const nodefs = module.FS.filesystems.NODEFS;
  nodefs.stream_ops.fsync = (stream) => {
    nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
    return 0;
  };
}

/**
 * Flushes a data directory PGlite has just created, whose files it wrote without fsync (commits
 * flush only the WAL, and a checkpoint only the pages it changed), and its entry in the parent.
 */
export function flushNewDataDirectory(dir: string): void {
  fsyncTree(dir);
  fsyncPath(path.dirname(dir));
}

/** Every file and folder under `dir`, folders after their contents. */
function fsyncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(entryPath);
    else if (entry.isFile()) fsyncPath(entryPath);
  }
  fsyncPath(dir);
}

function fsyncPath(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
