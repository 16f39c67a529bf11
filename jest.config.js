import vm from 'node:vm';

/**
 * Native ESM mode: NestJS 12 ships ES modules only (run through `node --experimental-vm-modules`).
 * From Node 24.9 on, Jest `require()`s an ES module itself, as Node does; on Node 22 it cannot, so
 * there the few ESM-only packages that CommonJS dependencies require are compiled to CommonJS.
 */
const JEST_REQUIRES_ESM = typeof vm.SourceTextModule?.prototype.hasAsyncGraph === 'function';
const ESM_REQUIRED_FROM_CJS = JEST_REQUIRES_ESM ? [] : ['content-disposition'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    // SWC strips the types file by file, as tsconfig's isolatedModules allows (npm run typecheck
    // checks them): a fraction of the CPU of TypeScript's own compiler, which every worker loaded
    // and ran on every file of a run from a cleared cache. Nest's dependency injection needs the
    // decorators' design-time types (decoratorMetadata).
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { ignoreDynamic: true },
        sourceMaps: 'inline',
      },
    ],
    ...(ESM_REQUIRED_FROM_CJS.length && {
      [`node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: [
        'ts-jest',
        { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
      ],
    }),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.medium-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  testTimeout: 60_000,
  // Files wait on the database and the network most of the time: two workers even on two cores.
  // A worker is replaced once it holds more than this after a file, so no file runs slower for
  // the ones before it (each file loads the app's modules anew, and some are kept alive).
  maxWorkers: 2,
  workerIdleMemoryLimit: '800MB',
  // A worker that has held the app and PGlite takes more than Jest's default 500 ms to exit on a
  // loaded machine, and was then reported as leaking; one that leaks still is, after this.
  workerGracefulExitTimeout: 5000,
  globalSetup: '<rootDir>/test/support/build-before-tests.ts',
  globalTeardown: '<rootDir>/test/support/remove-test-files.ts',
};
