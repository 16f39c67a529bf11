/**
 * Native ESM mode: NestJS 12 ships ES modules only (run through `node --experimental-vm-modules`).
 * Jest cannot yet `require()` an ES module on Node 20, which Node itself can: the few ESM-only
 * packages that CommonJS dependencies require are compiled to CommonJS for the tests.
 */
const ESM_REQUIRED_FROM_CJS = ['content-disposition'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    [`node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.medium-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/build-before-tests.ts',
};
