import { defineConfig } from 'vitest/config';

// The docs site's tests: Node drives headless Chromium (Playwright) against the static build,
// and runs the guide's snippets in Node. One file at a time: they share one build and one browser.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
