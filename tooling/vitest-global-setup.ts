// Probes the Node backends once per run (Dawn's start-up is the slow part) and hands the
// list to every test file.
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<void> {
  const requested = process.env.DL_BACKENDS?.split(',').filter(Boolean);
  const strict = requested !== undefined || process.env.CI === 'true';
  const { detectBackends } = await import('@dl/core/testing');
  const found = await detectBackends((requested ?? ['cpu', 'wasm', 'webgpu']) as never, { strict });
  project.provide('dlBackends', found);
  project.provide('dlProbe', false);
  project.provide('dlStrict', strict);
}

declare module 'vitest' {
  export interface ProvidedContext {
    dlBackends: string[];
    dlProbe: boolean;
    dlStrict: boolean;
  }
}
