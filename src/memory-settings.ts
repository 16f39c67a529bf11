import v8 from 'node:v8';

/**
 * Set before anything compiles WebAssembly (imported first by main.ts). Prisma's query compiler
 * and schema engine are WebAssembly; V8's optimizing tier recompiles their hot functions and kept
 * about 50 MB of resident memory for it, a third of the process. The baseline compiler's code is
 * enough for them: the hot public reads do not go through Prisma (see BENCHMARKS.md).
 */
v8.setFlagsFromString('--liftoff-only');
