import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

let wasmReady: Promise<void> | undefined;

/**
 * The engine arms timers it never clears once its work is done (about 10 s each), which would
 * keep every migrate or seed script alive that long: unref them so they never hold the process.
 */
function withUnrefTimers(bindings: object): WebAssembly.ModuleImports {
  return Object.fromEntries(
    Object.entries(bindings).map(([name, binding]) => {
      if (!name.startsWith('__wbg_setTimeout_')) return [name, binding];
      const setTimer = binding as (...args: unknown[]) => NodeJS.Timeout;
      return [name, (...args: unknown[]) => setTimer(...args).unref()];
    }),
  );
}

/**
 * The package imports its .wasm file the way bundlers do, which Node cannot; so the module is
 * instantiated by hand, once per process (the bindings keep one global instance).
 */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bytes = await readFile(path.join(packageDir, 'schema_engine_bg.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = new WebAssembly.Instance(module, {
      './schema_engine_bg.js': withUnrefTimers(engineBindings),
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
    engineBindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * The pg adapter runs a migration script by splitting it on every `;`, which breaks function
 * bodies (the append-only triggers). PostgreSQL's simple query protocol takes the whole script
 * at once, as one implicit transaction, which is what `prisma migrate deploy` amounts to.
 */
class WholeScriptPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    return adapter;
  }
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  close: () => Promise<void>;
}

/**
 * Prisma's own schema engine, compiled to WebAssembly, talking to the database through the same
 * `pg` driver adapter as the app.
 */
export async function openSchemaEngine(
  connectionString: string,
  schema: SchemaFile,
): Promise<OpenSchemaEngine> {
  await loadWasm();
  const pool = new pg.Pool({ connectionString, max: 1 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
  try {
    const engine = await engineBindings.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      () => undefined,
      adapter,
    );
    return {
      engine,
      close: async () => {
        engine.free();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
