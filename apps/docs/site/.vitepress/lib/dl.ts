// What every demo shares: the backend picker's logic, state in the URL query, and the hooks the
// Playwright tests read (`window.__dlDocs`).
import { tf, useBackend, type BackendName } from '@dl/core';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';

export { tf };

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type DemoBackend = (typeof BACKENDS)[number];

/** WebGPU where the browser has it, else WebGL. */
export function defaultBackend(): DemoBackend {
  return typeof navigator !== 'undefined' && 'gpu' in navigator ? 'webgpu' : 'webgl';
}

// Vite emits tfjs's wasm binaries as assets; the backend is told where they are.
const wasmPaths = { 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded, 'tfjs-backend-wasm.wasm': plain };

let switching: Promise<string> = Promise.resolve('');
let started = false;

/** Whether a backend has been started: before that, tf.memory() would try to start one itself. */
export function backendStarted(): boolean {
  return started;
}

/** Starts `name` (one switch at a time); answers the backend actually running. */
export function selectBackend(name: DemoBackend): Promise<string> {
  switching = switching.then(async () => {
    if (!started || tf.getBackend() !== name) await useBackend(name as BackendName, { wasmPaths });
    started = true;
    return tf.getBackend();
  });
  return switching;
}

/** The page's query as a plain object. */
export function readQuery(): Record<string, string> {
  if (typeof location === 'undefined') return {};
  return Object.fromEntries(new URLSearchParams(location.search));
}

/** Writes `values` into the query (replacing, not pushing, history), keeping other keys. */
export function writeQuery(values: Record<string, string | number | boolean>): void {
  if (typeof location === 'undefined') return;
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) params.set(k, String(v));
  history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`);
}

/** Numbers, booleans and strings from the query, typed by the defaults they replace. */
export function stateFromQuery<T extends Record<string, string | number | boolean>>(defaults: T): T {
  const q = readQuery();
  const out: Record<string, string | number | boolean> = { ...defaults };
  for (const [k, d] of Object.entries(defaults)) {
    const v = q[k];
    if (v === undefined) continue;
    if (typeof d === 'number') {
      const n = Number(v);
      if (Number.isFinite(n)) out[k] = n;
    } else if (typeof d === 'boolean') out[k] = v === 'true' || v === '1';
    else out[k] = v;
  }
  return out as T;
}

export interface DemoRecord {
  status: 'idle' | 'running' | 'done' | 'stopped' | 'error';
  /** Counts the demo's runs on this page (a control change starts a new one). */
  run?: number;
  backend?: string;
  baseline?: number;
  numTensors?: number;
  result?: unknown;
  error?: string;
}

/** What the tests read: each demo's status and result by name. */
export function record(name: string, patch: Partial<DemoRecord>): void {
  if (typeof window === 'undefined') return;
  const w = window as unknown as { __dlDocs?: { demos: Record<string, DemoRecord>; tf: typeof tf } };
  w.__dlDocs ??= { demos: {}, tf };
  w.__dlDocs.demos[name] = { ...(w.__dlDocs.demos[name] ?? { status: 'idle' }), ...patch };
}

/** A small seeded generator for page-side choices (the computations use @dl/core's Rng). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
