import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { Dense, dense, dropout, relu, sequential, softmax } from '@dl/layers';
import { replaceHead, resetClassifier } from '../src/index.js';
import { images, smallCnn } from './support.js';

describe('replaceHead', () => {
  it('a new Sequential sharing the backbone variables; the replaced head is disposed', () => {
    const m = smallCnn();
    const oldHead = m.layers[13]!;
    const backboneKernel = m.parameters()['0.kernel']!;
    const out = replaceHead(m, sequential(dense(16, 32, { seed: 5 }), relu, dense(32, 7, { seed: 6 })));
    expect(out.parameters()['0.kernel']).toBe(backboneKernel);
    expect(Object.keys(out.parameters()).slice(-4)).toEqual(['13.0.kernel', '13.0.bias', '13.2.kernel', '13.2.bias']);
    expect(Object.values(oldHead.parameters()).every((v) => v.isDisposed)).toBe(true);
    const { x, y } = images(3);
    const logits = out.apply(x, { training: false });
    expect(logits.shape).toEqual([3, 7]);
    tf.dispose([x, y, logits]);
    out.dispose();
  });

  it('the width check names the widths, the source and the cut, before anything changes', () => {
    const m = smallCnn();
    const before = tf.memory().numTensors;
    const head = dense(256, 10, { seed: 0 });
    const made = tf.memory().numTensors;
    expect(() => replaceHead(m, head)).toThrow("replaceHead: the head takes 256 features (dense.inFeatures) but the backbone gives 16 at '12'");
    expect(tf.memory().numTensors).toBe(made);
    expect(m.layers[13]!.parameters().kernel!.isDisposed).toBe(false);
    const narrow = dense(33, 2);
    expect(() => replaceHead(m, narrow, { at: 10, inputShape: [8, 8, 1] })).toThrow("replaceHead: the head takes 33 features (dense.inFeatures) but the backbone gives 32 at '9'");
    expect(() => replaceHead(m, head, { at: 20 })).toThrow('replaceHead: at must be a top-level child index in [0, 13], got 20');
    expect(() => replaceHead(m, head, { at: 0 })).toThrow('replaceHead: at 0 would replace the whole model');
    expect(() => replaceHead(m, 3 as never)).toThrow('replaceHead: head must be a Module or a function (x) => Tensor, got 3');
    expect(() => replaceHead(m, head, { keep: true } as never)).toThrow("replaceHead: unknown option 'keep' (allowed: at, dispose, inputShape)");
    head.dispose();
    narrow.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe('resetClassifier', () => {
  it("timm's reset_classifier: the last Dense becomes dense(in, classes) with PyTorch's seeded init; a trailing softmax goes", async () => {
    const m = sequential(dense(4, 8, { seed: 0 }), relu, dropout(0.5), dense(8, 5, { seed: 1 }), softmax);
    const out = resetClassifier(m, 3, { seed: 9 });
    expect(out.layers.length).toBe(4);
    const fc = out.layers[3] as Dense;
    expect([fc.inFeatures, fc.outFeatures]).toEqual([8, 3]);
    const ref = dense(8, 3, { seed: 9 });
    await expectTensorsClose(fc.kernel, ref.kernel, { rtol: 0, atol: 0 });
    ref.dispose();
    expect(() => resetClassifier(out, 0)).toThrow('resetClassifier: classes must be an integer in [1, Infinity], got 0');
    expect(() => resetClassifier(sequential(relu), 2)).toThrow('resetClassifier: the model has no top-level Dense layer to reset');
    const nothing = expectNoLeak(() => {
      try {
        resetClassifier(out, 2.5);
      } catch {
        return 0;
      }
      return 1;
    });
    expect(nothing).toBe(0);
    out.dispose();
  });
});
