// Every ```ts block of the guide pages, as a runnable ES module: transpiled by TypeScript and run
// by Node from apps/docs/.snippets/ (so `@dl/*` resolve through this workspace's node_modules).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const docsRoot = fileURLToPath(new URL('..', import.meta.url));
const site = join(docsRoot, 'site');

/** @typedef {{ page: string; index: number; code: string }} Snippet */

/** @param {string} dir @returns {string[]} */
function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'api' || name === '.vitepress' || name === 'public') return [];
    return statSync(p).isDirectory() ? pages(p) : name.endsWith('.md') ? [p] : [];
  });
}

/** @returns {Snippet[]} */
export function snippets() {
  return pages(site).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const blocks = [...text.matchAll(/^```(?:ts|typescript)\s*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
    return blocks.map((code, index) => ({ page: relative(site, file), index, code }));
  });
}

/** @param {Snippet} s */
export function runSnippet(s, timeoutMs = 120_000) {
  const dir = join(docsRoot, '.snippets');
  mkdirSync(dir, { recursive: true });
  const js = ts.transpileModule(s.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText;
  const file = join(dir, `${s.page.replace(/[^a-z0-9]+/gi, '-')}-${s.index}.mjs`);
  writeFileSync(file, js);
  const r = spawnSync(process.execPath, [file], { cwd: docsRoot, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
