import v8 from 'node:v8';

/**
 * Set before anything compiles WebAssembly (imported first by main.ts). Prisma's query compiler
 * and schema engine are WebAssembly; V8's optimizing tier recompiles their hot functions and kept
 * about 50 MB of resident memory for it, a third of the process. The baseline compiler's code is
 * enough for them: the hot public reads do not go through Prisma (see BENCHMARKS.md).
 *
 * After each full collection V8 lets the old generation grow up to 4× its live size before the
 * next one when the heap limit is large (it follows the machine's memory: 4 GB here). A CSV
 * export of 100,000 rows, all short-lived garbage, took the process from 180 to 350 MB that way.
 * Growing by 20% (some 8 MB) instead keeps it near its live size; full collections of a heap
 * this small stay rare and short on the hot reads (BENCHMARKS.md).
 *
 * The young generation's size is read only when the process starts, so it is a flag of the
 * start command instead (`--max-semi-space-size`, package.json and Dockerfile).
 */
v8.setFlagsFromString('--liftoff-only');
v8.setFlagsFromString('--heap-growing-percent=20');
