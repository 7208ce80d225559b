import { it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { tenCrop } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('tenCrop', (backend) => {
  for (const c of cases('tenCrop')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => tenCrop(x, p.size, { verticalFlip: p.verticalFlip ?? false }));
      const stacked = tf.stack(y);
      await expectTensorsClose(stacked, c.output, tolerance(backend));
      tf.dispose([x, stacked, ...y]);
    });
  }
});
