import { it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { adjustContrast } from '../src/index.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('adjustContrast', (backend) => {
  for (const c of cases('adjustContrast')) {
    it(`matches torchvision: ${c.name}`, async () => {
      const x = input(c);
      const p = c.params;
      const y = expectNoLeak(() => adjustContrast(x, p.factor));
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }
});
