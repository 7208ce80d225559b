// The chained-op methods (x.add(y)) are typed by module augmentations in tfjs-core's
// chained_ops .d.ts files; the dts bundler drops side-effect imports, so put it back
// so consumers of @dl/core see `tensor.square()` typed as they see it at run time.
import { readFileSync, writeFileSync } from 'node:fs';

const line = "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';\n";
for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith(line)) writeFileSync(file, line + text);
}
