import { Rng, tf } from '@dl/core';

export interface LabelledImages {
  images: tf.Tensor; // [N, H, W, C] or [N, D]
  labels: tf.Tensor1D; // int32 class ids
}

export interface SoftmaxRegressionOptions {
  classes: number;
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  /** Fraction of the training set held out to validate each epoch. */
  validation: number;
  seed: number;
  /** Called every few batches and at the end of each epoch, for progress reporting. */
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | undefined;
  valAccuracy: number | undefined;
  seconds: number;
  samplesPerSecond: number;
}

export interface SoftmaxRegressionResult {
  history: EpochLog[];
  testLoss: number;
  testAccuracy: number;
  trainSamples: number;
  seconds: number;
}

function flatten(x: tf.Tensor): tf.Tensor2D {
  return x.reshape([x.shape[0]!, -1]) as tf.Tensor2D;
}

async function evaluate(w: tf.Variable, b: tf.Variable, x: tf.Tensor2D, y: tf.Tensor1D, classes: number): Promise<{ loss: number; accuracy: number }> {
  const n = x.shape[0];
  const chunk = 4096;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const [l, c] = tf.tidy(() => {
      const xb = x.slice([start, 0], [size, -1]);
      const yb = y.slice([start], [size]);
      const logits = xb.matMul(w).add(b);
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(yb, classes), logits, undefined, 0, tf.Reduction.SUM);
      const hits = logits.argMax(1).equal(yb).sum();
      return [loss, hits];
    });
    const [lv, cv] = await Promise.all([l.data(), c.data()]);
    lossSum += lv[0]!;
    correct += cv[0]!;
    tf.dispose([l, c]);
  }
  return { loss: lossSum / n, accuracy: correct / n };
}

/**
 * Multinomial logistic regression (one dense layer and softmax cross-entropy) trained
 * with mini-batch SGD with momentum in PyTorch's form (v = mu v + g; w -= lr v), on
 * shuffled batches each epoch. Frees every tensor it makes.
 */
export async function trainSoftmaxRegression(train: LabelledImages, test: LabelledImages, options: SoftmaxRegressionOptions): Promise<SoftmaxRegressionResult> {
  const { classes, epochs, batchSize, lr, momentum, validation, seed, onProgress } = options;
  const started = performance.now();
  const rng = new Rng(seed);
  const all = train.images.shape[0]!;
  const nVal = Math.floor(all * validation);
  const order = rng.permutation(all);
  const [xTrain, yTrain, xVal, yVal, xTest, yTest] = tf.tidy(() => {
    const x = flatten(train.images);
    const trainIdx = tf.tensor1d(order.subarray(nVal), 'int32');
    const valIdx = tf.tensor1d(order.subarray(0, nVal), 'int32');
    return [
      tf.gather(x, trainIdx) as tf.Tensor2D,
      tf.gather(train.labels, trainIdx) as tf.Tensor1D,
      tf.gather(x, valIdx) as tf.Tensor2D,
      tf.gather(train.labels, valIdx) as tf.Tensor1D,
      flatten(test.images),
      test.labels.clone(),
    ];
  });
  const n = xTrain.shape[0];
  const features = xTrain.shape[1];
  // In tidy: tf.variable keeps its own handle, and the initial zeros would otherwise leak.
  const [w, b, vw, vb] = tf.tidy(() => [
    tf.variable(tf.zeros([features, classes]), true, 'dense.kernel'),
    tf.variable(tf.zeros([classes]), true, 'dense.bias'),
    tf.variable(tf.zeros([features, classes]), false),
    tf.variable(tf.zeros([classes]), false),
  ]);
  const history: EpochLog[] = [];
  const batches = Math.ceil(n / batchSize);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      const perm = rng.permutation(n);
      let lossSum: tf.Tensor = tf.scalar(0);
      let hitSum: tf.Tensor = tf.scalar(0);
      for (let i = 0; i < batches; i++) {
        const idx = perm.subarray(i * batchSize, Math.min(n, (i + 1) * batchSize));
        const [loss, hits] = tf.tidy(() => {
          const index = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(xTrain, index);
          const yb = tf.gather(yTrain, index);
          const target = tf.oneHot(yb, classes);
          let hits: tf.Tensor | undefined;
          const { value, grads } = tf.variableGrads(() => {
            const logits = xb.matMul(w).add(b);
            // Kept: variableGrads frees everything else made inside.
            hits = tf.keep(logits.argMax(1).equal(yb).sum());
            return tf.losses.softmaxCrossEntropy(target, logits) as tf.Scalar;
          }, [w, b]);
          vw.assign(vw.mul(momentum).add(grads[w.name]!));
          vb.assign(vb.mul(momentum).add(grads[b.name]!));
          w.assign(w.sub(vw.mul(lr)));
          b.assign(b.sub(vb.mul(lr)));
          return [value.mul(idx.length), hits!];
        });
        const nextLoss = lossSum.add(loss);
        const nextHits = hitSum.add(hits);
        tf.dispose([lossSum, hitSum, loss, hits]);
        lossSum = nextLoss;
        hitSum = nextHits;
        if (onProgress && (i % 25 === 24 || i === batches - 1)) {
          const seen = Math.min(n, (i + 1) * batchSize);
          onProgress({
            epoch,
            batch: i + 1,
            batches,
            loss: (await lossSum.data())[0]! / seen,
            accuracy: (await hitSum.data())[0]! / seen,
            samplesPerSecond: seen / ((performance.now() - epochStart) / 1000),
          });
        }
      }
      const loss = (await lossSum.data())[0]! / n;
      const accuracy = (await hitSum.data())[0]! / n;
      tf.dispose([lossSum, hitSum]);
      const val = nVal > 0 ? await evaluate(w, b, xVal, yVal, classes) : undefined;
      const seconds = (performance.now() - epochStart) / 1000;
      history.push({ epoch, loss, accuracy, valLoss: val?.loss, valAccuracy: val?.accuracy, seconds, samplesPerSecond: n / seconds });
    }
    const t = await evaluate(w, b, xTest, yTest, classes);
    return { history, testLoss: t.loss, testAccuracy: t.accuracy, trainSamples: n, seconds: (performance.now() - started) / 1000 };
  } finally {
    tf.dispose([w, b, vw, vb, xTrain, yTrain, xVal, yVal, xTest, yTest]);
  }
}
