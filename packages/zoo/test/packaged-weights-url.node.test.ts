import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listPretrained, packagedWeightsUrl } from '../src/index.js';

describe('packagedWeightsUrl (Node)', () => {
  it('is a file: URL of a file of the manifest size', () => {
    for (const e of listPretrained()) {
      const url = packagedWeightsUrl(e.name)!;
      expect(url.protocol).toBe('file:');
      expect(statSync(fileURLToPath(url)).size).toBe(e.storage.bytes);
    }
  });
});
