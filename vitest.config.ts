import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources; integration tests that start the reference
// system as a child process use the built output, which `pnpm test` builds first.
export default defineConfig({
  test: {
    include: ['packages/*/{src,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
