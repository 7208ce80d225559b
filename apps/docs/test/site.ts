// The built site, served by a plain static server, opened in headless Chromium as the repo's other
// browser tests run it (Debian's chromium, SwiftShader for WebGL and WebGPU).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../tooling/chromium.js';
// @ts-expect-error plain ES module without types
import { serve } from '../scripts/serve.mjs';
// @ts-expect-error plain ES module without types
import { docsRoot } from './snippets.mjs';

export const dist = join(docsRoot, 'dist');
export const screenshots = join(docsRoot, 'test/screenshots');

/**
 * Builds the static site (TypeDoc, the data subset, VitePress) with the package's `build` script,
 * unless a build is there already: under turbo (`pnpm test`), `test:browser` depends on `build`, which
 * has just made it (or restored it from turbo's cache). DOCS_REBUILD=1 forces a new build.
 */
export function buildSite(): number {
  if (process.env.DOCS_REBUILD !== '1' && existsSync(join(dist, 'index.html'))) return 0;
  const started = Date.now();
  const r = spawnSync('pnpm', ['run', 'build'], { cwd: docsRoot, encoding: 'utf8', stdio: 'pipe' });
  if (r.status !== 0) throw new Error(`docs build failed:\n${r.stdout}\n${r.stderr}`);
  return (Date.now() - started) / 1000;
}

/** Every page of the build, as paths relative to the site root. */
export function htmlPages(dir = dist): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'assets' ? [] : htmlPages(p);
    return name.endsWith('.html') && name !== '404.html' ? [relative(dist, p)] : [];
  });
}

export interface Session {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function open(): Promise<Session> {
  const server = await serve(dist);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  return { url: server.url, browser, close: async () => { await browser.close(); await server.close(); } };
}

/** A page that records console errors, page errors and failed requests. */
export async function newPage(session: Session): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Playwright's 30 s defaults are too short on a loaded 2-core machine (SwiftShader shares the CPUs).
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return { page, errors };
}

export interface DemoRecord {
  status: string;
  backend?: string;
  baseline?: number;
  numTensors?: number;
  run?: number;
  result?: any;
  error?: string;
}

/** Waits until the demo `name` has finished (done, stopped or error) a run later than `after`, and answers its record. */
export async function finished(page: Page, name: string, timeout = 240_000, after = 0): Promise<DemoRecord> {
  await page.waitForFunction(
    ([n, a]) => {
      const r = (window as any).__dlDocs?.demos?.[n as string];
      return r !== undefined && (r.run ?? 0) > (a as number) && ['done', 'stopped', 'error'].includes(r.status);
    },
    [name, after] as const,
    { timeout, polling: 250 },
  );
  return record(page, name);
}

/** Does `action` (a control change that restarts the demo) and waits for that new run to finish. */
export async function rerun(page: Page, name: string, action: () => Promise<unknown>, timeout = 240_000): Promise<DemoRecord> {
  const before = await page.evaluate((n) => (window as any).__dlDocs?.demos?.[n]?.run ?? 0, name);
  await action();
  return finished(page, name, timeout, before);
}

export async function record(page: Page, name: string): Promise<DemoRecord> {
  return page.evaluate((n) => {
    const w = window as any;
    const r = w.__dlDocs.demos[n];
    return { ...JSON.parse(JSON.stringify(r)), numTensors: w.__dlDocs.tf.memory().numTensors };
  }, name);
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the fixed navigation bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Whether an SVG of the plot holds drawn paths (a chart that is not blank). */
export async function plotPaths(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    return root ? [...root.querySelectorAll('path')].filter((p) => (p.getAttribute('d') ?? '').length > 20).length : 0;
  }, selector);
}

/** Clicks `action` (default Run) in the panel of demo `demo` and waits for the run of `name` it starts (`name` defaults to `demo`). */
export async function clickAndWait(page: Page, demo: string, action = 'start', name = demo, timeout = 240_000): Promise<DemoRecord> {
  const before = await page.evaluate((n) => (window as any).__dlDocs?.demos?.[n]?.run ?? 0, name);
  const t0 = Date.now();
  await page.click(`[data-demo=${demo}] [data-action=${action}]`);
  const r = await finished(page, name, timeout, before);
  console.log(`${name} on ${r.backend}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

/** Starts `action` in demo `demo`, waits until `ready` (an expression) holds in the page, presses Stop, and answers the stopped run's record. */
export async function stopMidRun(page: Page, demo: string, action: string, name: string, ready: string): Promise<DemoRecord> {
  const before = await page.evaluate((n) => (window as any).__dlDocs?.demos?.[n]?.run ?? 0, name);
  await page.click(`[data-demo=${demo}] [data-action=${action}]`);
  await page.waitForFunction(ready, undefined, { timeout: 120_000, polling: 100 });
  await page.click(`[data-demo=${demo}] [data-action=stop]`);
  return finished(page, name, 120_000, before);
}

/** Whether this Chromium has a WebGPU adapter (the [webgpu] tests skip without one). */
export async function hasWebgpu(page: Page): Promise<boolean> {
  return page.evaluate(async () => !!(navigator as any).gpu && (await (navigator as any).gpu.requestAdapter()) !== null);
}

/**
 * One build and one browser for a test file: opened before its tests, closed after them (with the
 * file's time printed under `label`). The returned session is filled in by the time a test runs.
 */
export function fileSession(label: string): Session {
  const started = Date.now();
  const session = {} as Session;
  beforeAll(async () => {
    buildSite();
    Object.assign(session, await open());
  });
  afterAll(async () => {
    await session.close?.();
    console.log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });
  return session;
}
