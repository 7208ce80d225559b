import { defineConfig } from 'vitepress';

/** Packages in the order a reader meets them; each has site/guide/<name>.md. */
export const PACKAGES = ['core', 'optim', 'schedulers', 'init', 'layers', 'augment', 'datasets', 'train', 'transfer', 'zoo', 'ensemble', 'kernels', 'queue'] as const;

const api = [
  ...PACKAGES.filter((p) => p !== 'queue').map((p) => ({ text: `@dl/${p}`, link: `/api/@dl/${p}` })),
  // @dl/queue has only its Node entry.
  { text: '@dl/queue/node', link: '/api/@dl/queue/node' },
  { text: '@dl/core/node', link: '/api/@dl/core/node' },
  { text: '@dl/core/testing', link: '/api/@dl/core/testing' },
  { text: '@dl/datasets/node', link: '/api/@dl/datasets/node' },
  { text: '@dl/train/node', link: '/api/@dl/train/node' },
  { text: '@dl/transfer/tfjs', link: '/api/@dl/transfer/tfjs' },
  { text: '@dl/transfer/node', link: '/api/@dl/transfer/node' },
];

const base = process.env.DOCS_BASE ?? '/';

export default defineConfig({
  title: '@dl',
  description: 'Training deep nets on TensorFlow.js, with PyTorch names: guides, API reference and live demos.',
  // A plain static server at any path: DOCS_BASE=/some/path/ pnpm docs:build.
  base,
  // A favicon of our own, or browsers ask for /favicon.ico and log a 404.
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  cleanUrls: false,
  // apps/docs/dist: turbo's `build` outputs (dist/**), so a cached build restores the site too.
  outDir: '../dist',
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/' },
      { text: 'Demos', link: '/demos' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      { text: 'Guide', items: [{ text: 'Getting started', link: '/guide/' }, { text: 'Live demos', link: '/demos' }, ...PACKAGES.map((p) => ({ text: `@dl/${p}`, link: `/guide/${p}` }))] },
      { text: 'API reference', collapsed: true, items: [{ text: 'All modules', link: '/api/' }, ...api] },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
  },
  vite: {
    // Pre-bundled up front so the dev server does not reload the page when it discovers them.
    optimizeDeps: {
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@dl/core > @tensorflow/tfjs-backend-cpu', '@dl/core > @tensorflow/tfjs-backend-webgl', '@dl/core > @tensorflow/tfjs-backend-webgpu', '@observablehq/plot'],
    },
    build: { chunkSizeWarningLimit: 4000 },
    // The demos render in the browser only (<ClientOnly>): the server bundle need not bundle the packages.
    ssr: { external: ['@dl/core', '@dl/optim', '@dl/schedulers', '@dl/init', '@dl/layers', '@dl/augment', '@dl/datasets', '@dl/train', '@dl/transfer', '@dl/zoo', '@dl/ensemble'] },
  },
});
