// Probes the Node backends once per run and hands the list to every test file.
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<void> {
  const requested = process.env.DL_BACKENDS?.split(',').filter(Boolean);
  const candidates = requested ?? ['cpu', 'wasm', 'webgpu'];
  project.provide('dlBackends', candidates);
  project.provide('dlStrict', requested !== undefined || process.env.CI === 'true');
}

declare module 'vitest' {
  export interface ProvidedContext {
    dlBackends: string[];
    dlStrict: boolean;
  }
}
