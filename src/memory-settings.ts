import v8 from 'node:v8';

/**
 * Set before anything compiles WebAssembly (imported first by main.ts). Prisma's query compiler
 * and schema engine are WebAssembly; V8's optimizing tier recompiles their hot functions and kept
 * about 50 MB of resident memory for it, a third of the process. The baseline compiler's code is
 * enough for them: the hot public reads do not go through Prisma (see BENCHMARKS.md).
 *
 * How far the heap grows between full collections changes while an export streams
 * (common/streaming-memory.ts).
 *
 * The young generation's size is read only when the process starts, so it is a flag of the
 * start command instead (`--max-semi-space-size`, package.json and Dockerfile).
 */
v8.setFlagsFromString('--liftoff-only');
