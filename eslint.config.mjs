// Lint rules. The workflows/ override is the one that matters most: workflow code is replayed
// by Temporal and must stay deterministic, so it may import only the workflow SDK, pure domain
// code and its own files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// Production code (src/, workflows/, activities/) runs from an image with production dependencies
// only, so it may not import a devDependency or the dev-only folders; the simulator, demo load and
// other tools that need them live in tools/ (see README, Development).
const devDependencies = Object.keys(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).devDependencies ?? {});
const productionImportPatterns = [
  {
    group: devDependencies.flatMap((name) => [name, `${name}/*`]),
    message: 'Production code may not import a devDependency (the production image does not have it); move the code to tools/ or make it a dependency.',
  },
  {
    group: ['**/scripts', '**/scripts/**', '**/test', '**/test/**', '**/tools', '**/tools/**', '**/bench', '**/bench/**'],
    message: 'Production code may not import scripts/, test/, tools/ or bench/: dev tooling depends on production code, never the other way.',
  },
];
const productionFiles = ['src/**/*.ts', 'workflows/**/*.ts', 'activities/**/*.ts'];
const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs', 'web/src/api/schema.d.ts', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // The web app is its own TypeScript project (browser, JSX, bundler resolution).
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Nest's dependency injection reads constructor parameter types at runtime, so type-only
    // imports would break it there.
    files: ['src/**/*.ts', 'activities/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    ignores: ['src/domain/**'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Tests read untyped JSON response bodies; `any` there keeps assertions readable.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: productionFiles,
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: productionImportPatterns }] },
  },
  {
    // The benchmark's baseline workflow is replayed too, so it keeps the same rules.
    files: ['workflows/**/*.ts', 'bench/**/*.workflow.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code is replayed; Node built-ins are not deterministic.' })),
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'nodemailer', 'luxon', 'date-holidays'], message: 'Workflow code is replayed: keep I/O and clock-dependent libraries in activities.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows import only @temporalio/workflow.' },
            { group: ['**/src/*', '!**/src/domain', '!**/src/domain/**'], message: 'Workflows may import only src/domain (pure code).' },
            { group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'Import activities as types and call them through proxyActivities.' },
            ...productionImportPatterns,
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No environment in workflow code.' }, { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Domain code is pure: no Node built-ins.' })),
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'nodemailer', '@temporalio/*'], message: 'Domain code is pure: no frameworks or I/O.' },
            ...productionImportPatterns,
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Domain code never reads the environment.' }],
    },
  },
);
