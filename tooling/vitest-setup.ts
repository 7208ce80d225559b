// Runs before each test file: resolves the backends this runtime tests on.
import { inject } from 'vitest';
import { detectBackends } from '@dl/core/testing';
import type { BackendName } from '@dl/core';

await detectBackends(inject('dlBackends') as BackendName[], { strict: inject('dlStrict') });
