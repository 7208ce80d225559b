import { defineConfig } from 'vitest/config';

// Node only: these kernels are for the embedded backends (cpu, wasm).
export default defineConfig({
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 120_000, fileParallelism: false },
});
