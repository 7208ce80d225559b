// Runs before each test file: the backends this runtime tests on, and a current backend
// for tests outside describeBackends. Node's list was probed once by the global setup;
// Chromium's is probed here (cheap there).
import { inject } from 'vitest';
import { useBackend } from '@dl/core';
import { detectBackends, setTestBackends } from '@dl/core/testing';
import type { BackendName } from '@dl/core';

const backends = inject('dlBackends') as BackendName[];
if (inject('dlProbe')) {
  await detectBackends(backends, { strict: inject('dlStrict') });
} else {
  setTestBackends(backends);
  if (backends[0] !== undefined) await useBackend(backends[0]);
}
