import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at once: most tests wait on a JVM, a server or a child process (CI on two cores: 905 s → 817 s).
    maxWorkers: 2,
    globalSetup: ['test/setup/spark.ts', 'test/setup/neo4j.ts'],
  },
});
