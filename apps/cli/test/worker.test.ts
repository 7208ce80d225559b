import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCommand } from '../src/search.js';
import { parseWorkerArgs, workerCommand } from '../src/worker.js';
import { main } from '../src/main.js';
import { capture, stderrOf } from './support.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let url = '';
let stopRedis = () => {};
beforeAll(async () => {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  stopRedis = () => proc.kill('SIGKILL');
  url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    // Redis answers PING with +PONG once it serves.
    const ok = await new Promise<boolean>((res) => {
      const sock = connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
      sock.on('data', (d) => (sock.destroy(), res(String(d).startsWith('+PONG'))));
      sock.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((res) => setTimeout(res, 50));
  }
});
afterAll(() => stopRedis());

const tiny = ['--model', 'softmax', '--limit', '400', '--epochs', '2', '--batch-size', '50', '--optimizer', 'sgd', '--schedule', 'constant', '--backend', 'cpu'];

describe('dl-train worker', () => {
  it("runs a 'dl-train search --redis' study's trials, with the in-process run's results", async () => {
    let stop = () => {};
    const w = capture();
    const worker = workerCommand(['--redis', url, '--queue', 'cli', '--id', 'w1'], w.stream, new Promise<void>((r) => (stop = r)));
    const c = capture();
    const args = ['--space', 'lr=0.01,0.1,1', '--strategy', 'grid', '--out', `${process.env.TMPDIR ?? '/tmp'}/dl-worker-test`, ...tiny];
    expect(await searchCommand([...args, '--redis', url, '--queue', 'cli'], c.stream)).toBe(0);
    stop();
    expect(await worker).toBe(0);
    const l = capture();
    expect(await searchCommand(args, l.stream)).toBe(0);
    const scores = (text: string) => [...text.matchAll(/trial (\d):0 lr=\S+ -> valLoss (\S+)/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(scores(c.text())).toEqual(scores(l.text()));
    expect(scores(c.text())).toHaveLength(3);
    expect(c.text()).toMatch(/\(done, 2 epochs, w1\)/);
    expect(w.text()).toMatch(/w1: stopped after 3 trials/);
  });

  it('names the option on bad input', async () => {
    expect(() => parseWorkerArgs([])).toThrow(/--redis is needed/);
    expect(() => parseWorkerArgs(['--redis', url, '--backend', 'tpu'])).toThrow(/--backend must be one of/);
    expect(() => parseWorkerArgs(['--redis', url, '--lr', '1'])).toThrow(/unknown option '--lr'/);
    const r = await stderrOf(() => workerCommand(['--redis', 'redis://127.0.0.1:1'], capture().stream));
    expect(r.code).toBe(2);
    expect(r.errors).toMatch(/dl-train worker: --redis: runWorker: cannot reach Redis at redis redis:\/\/127.0.0.1:1/);
  });
});

describe('dl-train ensemble', () => {
  it('trains the members on a worker through the queue (dl-train --ensemble-seeds K --redis URL) and scores them as dl-train --ensemble-seeds does', async () => {
    let stop = () => {};
    const w = capture();
    const worker = workerCommand(['--redis', url, '--queue', 'ens', '--id', 'w2'], w.stream, new Promise<void>((r) => (stop = r)));
    const args = ['--ensemble-seeds', '2', '--test-limit', '200', '--out', `${process.env.TMPDIR ?? '/tmp'}/dl-ensemble-test`, ...tiny];
    const q = capture();
    expect(await main([...args, '--redis', url, '--queue', 'ens'], q.stream)).toBe(0);
    stop();
    expect(await worker).toBe(0);
    // The reference: dl-train --ensemble-seeds 2, whose members train one after another in this process.
    const l = capture();
    expect(await main(args, l.stream)).toBe(0);
    const table = (text: string) => text.split('\n').slice(text.split('\n').findIndex((line) => line.startsWith('| variant'))).filter((line) => line.startsWith('| '));
    expect(table(q.text())).toEqual(table(l.text()));
    expect(table(q.text()).join('\n')).toMatch(/ensemble of 2, mean of probabilities \|\s+0\.\d{4}/);
    expect(q.text()).toMatch(/member 1 \(seed 1\) valLoss [\d.]+, 2 epochs on w2 \[2\/2\]/);
  });
});
