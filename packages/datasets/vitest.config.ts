import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Loading 60 000 images and building ~190 MB tensors takes a few seconds on a slow CI core.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
