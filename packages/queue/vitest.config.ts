import { defineConfig } from 'vitest/config';

// Not dlVitestConfig: nothing here depends on the backend (trials pick cpu themselves), so the
// per-run probe of cpu, wasm and WebGPU would only add to CI time.
export default defineConfig({
  test: {
    projects: [{ extends: true, test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'] } }],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
