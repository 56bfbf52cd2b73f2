// Lint rules: typescript-eslint's type-aware "recommended" set, because the
// bugs it catches (floating promises, unsafe any, misused async callbacks)
// are the ones a child-process supervisor cannot afford. Formatting is
// prettier's job, so no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/.memgate/**', 'coverage/**', 'test/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // A leading underscore marks a binding that is deliberately unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `z` is all of zod, every locale too; `import * as z` lets the CLI bundle keep only what it uses.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message:
            "Use `import * as z from 'zod'`: the CLI bundle then keeps only what is used (scripts/cli-from-source.mjs).",
        },
      ],
    },
  },
  {
    // Workload fixtures keep allocations alive in write-only sinks on purpose.
    files: ['test/fixtures/**', 'bench/*.workload.ts', 'workloads/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off', '@typescript-eslint/require-await': 'off' },
  },
  {
    // Tests read JSON files back as `any` and hand expect() its own methods;
    // dropping references to let the GC reclaim them is the point of some.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-useless-assignment': 'off',
    },
  },
  {
    // These files strip terminal control characters: the regexes must name them.
    files: ['harness/report/escape.ts', 'test/report/terminal.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
