import { describe, expect, it } from 'vitest';
import { CheckpointError, decodeWeights, deserializeCheckpoint, disposeTensors, encodeWeights, serializeCheckpoint, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';

function sample() {
  return {
    'block1.conv.kernel': tf.tensor4d(Array.from({ length: 3 * 3 * 2 * 4 }, (_, i) => Math.sin(i)), [3, 3, 2, 4]),
    'block1.bn.numBatchesTracked': tf.scalar(17, 'int32'),
    mask: tf.tensor1d([true, false, true], 'bool'),
    empty: tf.zeros([0, 3]),
  };
}

describeBackends('checkpoint', () => {
  it('round-trips named tensors of every stored dtype, with metadata', async () => {
    await expectNoLeak(async () => {
      const tensors = sample();
      const bytes = await serializeCheckpoint(tensors, { metadata: { step: 12, rng: { state: [1, 2, 3, 4] } } });
      const { tensors: back, metadata } = deserializeCheckpoint(bytes);
      expect(metadata).toEqual({ step: 12, rng: { state: [1, 2, 3, 4] } });
      expect(Object.keys(back)).toEqual(Object.keys(tensors));
      for (const [name, t] of Object.entries(tensors)) {
        expect(back[name]!.dtype).toBe(t.dtype);
        expect(back[name]!.shape).toEqual(t.shape);
      }
      await expectTensorsClose(back, tensors, { rtol: 0, atol: 0 });
      disposeTensors(tensors);
      disposeTensors(back);
    });
  });

  it('encodes to and decodes from the TF.js weights format', async () => {
    await expectNoLeak(async () => {
      const tensors = sample();
      const artifacts = await encodeWeights(tensors);
      expect(artifacts.weightSpecs.map((s) => s.name)).toEqual(Object.keys(tensors));
      const fromTfjs = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
      const back = decodeWeights(artifacts);
      await expectTensorsClose(back, tensors, { rtol: 0, atol: 0 });
      await expectTensorsClose(fromTfjs, tensors, { rtol: 0, atol: 0 });
      expect(() => decodeWeights({ weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData.slice(4) })).toThrow(/describe \d+ bytes but weightData has/);
      disposeTensors([tensors, back, fromTfjs] as never);
    });
  });

  it('refuses truncated, corrupted and foreign bytes before making any tensor', async () => {
    const tensors = sample();
    const bytes = await serializeCheckpoint(tensors);
    disposeTensors(tensors);
    expectNoLeak(() => {
      expect(() => deserializeCheckpoint(bytes.slice(0, bytes.length - 3), { source: 'a.dlckpt' })).toThrow(
        /checkpoint a.dlckpt is truncated: the header announces \d+ bytes of weights, the data has \d+/,
      );
      expect(() => deserializeCheckpoint(bytes.slice(0, 20))).toThrow(/checkpoint is truncated: its header needs/);
      const flipped = bytes.slice();
      flipped[flipped.length - 5]! ^= 0xff;
      expect(() => deserializeCheckpoint(flipped)).toThrow(/corrupted: the weights checksum does not match/);
      const header = bytes.slice();
      header[20]! ^= 0x01;
      expect(() => deserializeCheckpoint(header)).toThrow(/corrupted: the header checksum does not match/);
      const longer = new Uint8Array(bytes.length + 2);
      longer.set(bytes);
      expect(() => deserializeCheckpoint(longer)).toThrow(/2 unexpected bytes after the weights/);
      expect(() => deserializeCheckpoint(new TextEncoder().encode('{"weightsManifest": []}'))).toThrow(/not a @dl checkpoint \(bad magic bytes\)/);
      const future = bytes.slice();
      future[7] = 9;
      expect(() => deserializeCheckpoint(future)).toThrow(/format version 9/);
      expect(() => deserializeCheckpoint(flipped)).toThrow(CheckpointError);
    });
  });

  it('rejects bad inputs with a clear error', async () => {
    await expect(serializeCheckpoint([] as never)).rejects.toThrow(/serializeCheckpoint: tensors must be an object of named tensors/);
    await expect(serializeCheckpoint({ a: 1 } as never)).rejects.toThrow(/serializeCheckpoint: 'a' is not a tensor/);
    const t = tf.scalar(1);
    t.dispose();
    await expect(serializeCheckpoint({ t })).rejects.toThrow(/'t' is disposed/);
    const s = tf.scalar(1);
    await expect(serializeCheckpoint({ s }, { metadata: [] as never })).rejects.toThrow(/metadata must be a plain object/);
    s.dispose();
  });
});

describe('checkpoint format', () => {
  it('starts with the DLCKPT magic and a version byte', async () => {
    const t = tf.scalar(1);
    const bytes = await serializeCheckpoint({ t });
    t.dispose();
    expect(new TextDecoder().decode(bytes.slice(0, 6))).toBe('DLCKPT');
    expect(bytes[7]).toBe(1);
  });
});
