import { describe, expect, it } from 'vitest';
import { listPretrained, packagedWeightsUrl } from '../src/index.js';

describe('packagedWeightsUrl', () => {
  it('points at weights/<file> beside src/ and dist/ for every model, undefined for other names', () => {
    for (const e of listPretrained()) {
      const url = packagedWeightsUrl(e.name)!;
      expect(url).toBeInstanceOf(URL);
      expect(url.pathname.endsWith(`/${e.storage.file}`)).toBe(true);
    }
    expect(packagedWeightsUrl('nope')).toBeUndefined();
  });
});
