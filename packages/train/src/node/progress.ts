import { Presets, SingleBar } from 'cli-progress';
import { progress as baseProgress } from '../progress.js';
import type { Callback } from '../types.js';

export interface TerminalProgressOptions {
  /** Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Redraw every this many batches. Default 1. */
  every?: number;
  /** Draw a bar (default: when the stream is a TTY); otherwise one line per epoch. */
  bar?: boolean;
}

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** A terminal progress bar (cli-progress) per epoch with loss, accuracy, lr, samples/s and ETA; one summary line per epoch. */
export function progress(options: TerminalProgressOptions = {}): Callback {
  const stream = options.stream ?? process.stderr;
  const useBar = options.bar ?? stream.isTTY === true;
  let bar: SingleBar | undefined;
  let barEpoch = 0;
  const cb = baseProgress({
    every: options.every ?? 1,
    onUpdate(p) {
      if (p.epochLog) {
        if (bar) {
          bar.update(p.batches, { loss: f(p.loss), acc: f(p.accuracy), lr: p.lr.toExponential(2), speed: Math.round(p.samplesPerSecond) });
          bar.stop();
          bar = undefined;
        }
        const e = p.epochLog;
        const val = e.valLoss === undefined ? '' : ` | val loss ${f(e.valLoss)} | val acc ${f(e.valAccuracy!)}`;
        stream.write(`epoch ${e.epoch}/${p.epochs} | loss ${f(e.loss)} | acc ${f(e.accuracy)}${val} | lr ${e.lr.toExponential(2)} | ${Math.round(e.samplesPerSecond)} samples/s | ${e.seconds.toFixed(1)} s\n`);
        return;
      }
      if (!useBar) return;
      const payload = { epoch: `${p.epoch}/${p.epochs}`, loss: f(p.loss), acc: f(p.accuracy), lr: p.lr.toExponential(2), speed: Math.round(p.samplesPerSecond), eta: Math.round(p.etaSeconds) };
      if (!bar || barEpoch !== p.epoch) {
        bar?.stop();
        bar = new SingleBar(
          { format: 'epoch {epoch} |{bar}| {value}/{total} | loss {loss} | acc {acc} | lr {lr} | {speed} samples/s | ETA {eta}s', hideCursor: true, stream, clearOnComplete: true },
          Presets.shades_classic,
        );
        bar.start(p.batches, p.batch, payload);
        barEpoch = p.epoch;
      } else bar.update(p.batch, payload);
    },
  });
  const end = cb.onTrainEnd;
  cb.onTrainEnd = (ctx) => {
    bar?.stop();
    bar = undefined;
    return end?.(ctx);
  };
  return cb;
}
