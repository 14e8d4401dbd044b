import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', 'src/store/generated/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The domain stays free of platform libraries and of the Prisma client (design.md).
    files: ['src/survey/**', 'src/analytics/**', 'src/cme/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', 'grammy', '@grammyjs/*', '@prisma/*', '**/store/generated/**', 'node:readline'], message: 'The domain must not import platform libraries or the Prisma client.' },
        ],
      }],
    },
  },
);
