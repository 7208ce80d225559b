import { describe, expect, it } from 'vitest';
import { listPretrained } from '../src/index.js';

describe('listPretrained', () => {
  it('lists the four CNNs with complete manifest entries', () => {
    const all = listPretrained();
    expect(all.map((e) => e.name)).toEqual(['fashion-cnn', 'mnist-cnn', 'fashion-0-4', 'fashion-5-9']);
    for (const e of all) {
      expect(e.architecture.builder).toBe('cnn');
      expect(e.architecture.args.classes).toBe(e.data.classes?.length ?? 10);
      expect(e.data.labels).toHaveLength(e.architecture.args.classes);
      expect(e.command).toMatch(new RegExp(`^node packages/zoo/scripts/make\\.mjs ${e.name} --dataset ${e.data.dataset} .*--epochs \\d+ .*--seed ${e.data.seed} --backend wasm$`));
      expect(e.storage).toMatchObject({ file: `weights/${e.name}.bin`, dtype: 'float16' });
      expect(e.storage.sha256).toMatch(/^[0-9a-f]{64}$/);
      // float16 of 421,834 (10 classes) or 421,189 (5 classes) parameters, plus the header
      expect(e.storage.bytes).toBeGreaterThan(840_000);
      expect(e.storage.bytes).toBeLessThan(860_000);
      expect(e.metrics.testAccuracy).toBeGreaterThan(0.85);
      expect(Math.abs(e.metrics.testAccuracy - e.metrics.testAccuracyFloat32)).toBeLessThan(0.01);
      expect(e.metrics.testImages).toBe(e.data.dataset === 'mnist' ? 2004 : (e.data.classes?.length ?? 10) * 1000);
    }
  });

  it('returns copies: changing one changes nothing in the zoo', () => {
    const a = listPretrained();
    a[0]!.name = 'changed';
    a[0]!.metrics.testAccuracy = 0;
    expect(listPretrained()[0]!.name).toBe('fashion-cnn');
    expect(listPretrained()[0]!.metrics.testAccuracy).toBeGreaterThan(0);
  });
});
