import { describe, expect, it } from 'vitest';
import { listPretrained } from '../src/index.js';

describe('listPretrained', () => {
  it('lists the four CNNs and the two pretrained encoders with complete manifest entries', () => {
    const all = listPretrained();
    expect(all.map((e) => e.name)).toEqual(['fashion-cnn', 'mnist-cnn', 'fashion-0-4', 'fashion-5-9', 'autoencoder-encoder', 'contrastive-encoder']);
    for (const e of all) {
      const encoder = e.proxy !== undefined;
      expect(e.architecture.builder).toBe('cnn');
      expect(e.architecture.args.classes).toBe(e.data.classes?.length ?? 10);
      expect(e.data.labels).toHaveLength(e.architecture.args.classes);
      if (encoder) {
        // pre-trained without labels by dl-train pretrain; the classifier is a linear probe on the frozen encoder
        expect(e.command).toMatch(new RegExp(`^node apps/cli/dist/dl-train\\.js pretrain --proxy ${e.proxy!.task} --seeds \\d+ .*--zoo ${e.name}$`));
        expect(e.proxy!.loss).toBeGreaterThan(0);
      } else {
        expect(e.command).toMatch(new RegExp(`^node packages/zoo/scripts/make\\.mjs ${e.name} --dataset ${e.data.dataset} .*--epochs \\d+ .*--seed ${e.data.seed} --backend wasm$`));
      }
      expect(e.storage).toMatchObject({ file: `weights/${e.name}.bin`, dtype: 'float16' });
      expect(e.storage.sha256).toMatch(/^[0-9a-f]{64}$/);
      // float16 of 421,834 (10 classes) or 421,189 (5 classes) parameters, plus the header
      expect(e.storage.bytes).toBeGreaterThan(840_000);
      expect(e.storage.bytes).toBeLessThan(860_000);
      // a linear probe on self-supervised features is weaker than a trained classifier (README: the proxy-task table)
      expect(e.metrics.testAccuracy).toBeGreaterThan(encoder ? 0.6 : 0.85);
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
