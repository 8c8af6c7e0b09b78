// ESLint over src/, test/ and bench/ (`npm run lint`; `npm test` runs it after the typecheck): the recommended rules of
// ESLint and typescript-eslint, less the few below where the project's style is deliberate, each with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(js.configs.recommended, tseslint.configs.recommended, {
  rules: {
    // Unused names are tsc's job (noUnusedLocals); here only destructuring that drops keys from a rest object is allowed.
    '@typescript-eslint/no-unused-vars': [
      'error',
      { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
    ],
    // require() is deliberate: optional and native modules load at run time, and a patch needs the module object itself.
    '@typescript-eslint/no-require-imports': 'off',
    // A rethrown error already quotes the cause's message in a sentence that says what to do.
    'preserve-caught-error': 'off',
  },
});
