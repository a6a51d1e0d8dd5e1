// The fault suite (`npm run test:faults`): its own jest config, because it starts its own
// servers as separate processes (no global setup of the int tier) and runs for minutes.
const transform = { '^.+\\.ts$': ['@swc/jest', require('./swc.config')] };

module.exports = {
  rootDir: __dirname,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  testTimeout: 15 * 60_000,
  // Go's module cache and the build hold package.json files jest would otherwise index.
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/node_modules/.cache/'],
  // The table and the progress lines go straight to stdout; one file, in band.
  maxWorkers: 1,
};
