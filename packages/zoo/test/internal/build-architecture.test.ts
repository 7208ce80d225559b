import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { buildArchitecture } from '../../src/internal/build-architecture.js';
import { listPretrained } from '../../src/index.js';

describe('buildArchitecture', () => {
  it('builds each entry\'s network with its class count; an unknown builder throws', () => {
    const before = tf.memory().numTensors;
    for (const e of listPretrained()) {
      const net = buildArchitecture(e);
      expect(net.parameters()['13.bias']!.shape).toEqual([e.architecture.args.classes]);
      net.dispose();
    }
    const e = { ...listPretrained()[0]!, architecture: { builder: 'resnet' as never, args: { classes: 10 } } };
    expect(() => buildArchitecture(e)).toThrow("@dl/zoo: 'fashion-cnn' names the architecture 'resnet', which this version does not have (cnn)");
    expect(tf.memory().numTensors).toBe(before);
  });
});
