// Three tiers, one runner. `npm test` runs them all; each tier can run alone:
//   unit: pure code, no servers          (*.spec.ts)
//   fast: the approval workflow on the time-skipping server with in-memory activities, no
//         PostgreSQL, SMTP or dev server (test/workflows/fast/*.fast-spec.ts)
//   int:  real PostgreSQL, Temporal, SMTP (*.int-spec.ts, incl. time-skipping workflow tests)
//   e2e:  the HTTP API through real servers (*.e2e-spec.ts)
//   browser: the web app in real Chromium (test/browser/**/*.browser-spec.ts)
const transform = { '^.+\\.ts$': ['@swc/jest', require('./swc.config')] };
// .cache holds the Go module cache (tens of thousands of files, some package.json) and .data the
// servers' files: jest's file map would crawl them all and warn of colliding package names.
const modulePathIgnorePatterns = ['<rootDir>/\\.cache/', '<rootDir>/\\.data/'];
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], rootDir: __dirname, modulePathIgnorePatterns };

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,test,workflows,activities,scripts}/**/*.spec.ts'] },
    // No globalSetup: each file starts only its own time-skipping server (test/workflows/fast/harness.ts).
    { ...common, displayName: 'fast', testMatch: ['<rootDir>/test/**/*.fast-spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/test/**/*.{int,e2e}-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/load-test-env.ts'],
    },
    // browser: the web app in real Chromium against the real stack (test/browser/support); its global
    // setup builds web/ when stale and shares the int project's servers when both run.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/support/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/load-test-env.ts'],
    },
  ],
};
