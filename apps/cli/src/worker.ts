import { BACKEND_NAMES } from '@dl/core';
import { runWorker } from '@dl/queue/node';
import type { TrialFn } from '@dl/train/node';
import { DL_TRAIN_TRIAL, disposeTrialData, dlTrainTrial } from './search.js';

export const WORKER_USAGE = `Usage: dl-train worker --redis <url> [--queue <name>] [--backend <name>] [--id <name>] [--lock-ms <n>]

Runs the trials of 'dl-train search --redis ...' studies from a BullMQ queue until stopped (Ctrl-C or
SIGTERM: finishes the current trial first; a second one stops at once, and the trial goes back to
the queue). Start any number, on any machines that reach the Redis; a worker that dies has its
trial resumed by another from the trial's last epoch checkpoint.

  --redis <url>      redis://host:port of the studies' Redis
  --queue <name>     BullMQ queue (default dl-trials)
  --backend <name>   run every trial on this backend (${BACKEND_NAMES.join(', ')}), whatever the study says
  --id <name>        this worker's name in the results (default host:pid)
  --lock-ms <n>      how long a trial stays claimed without a heartbeat: a dead worker's trial
                     moves to another after about this long (default 30000)
`;

interface WorkerArgs {
  redis: string;
  queue: string | undefined;
  backend: string | undefined;
  id: string | undefined;
  lockMs: number | undefined;
  help: boolean;
}

export function parseWorkerArgs(argv: string[]): WorkerArgs {
  const own: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--help' || token === '-h') {
      help = true;
      continue;
    }
    const m = /^--(redis|queue|backend|id|lock-ms)(?:=(.*))?$/.exec(token);
    if (!m) throw new RangeError(`dl-train worker: unknown option '${token}' (the study's command sets every training flag)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new TypeError(`dl-train worker: --${m[1]} needs a value`);
    own[m[1]!] = value;
  }
  if (!help && own.redis === undefined) throw new TypeError('dl-train worker: --redis is needed (redis://host:port of the studies\' Redis)');
  if (own.backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(own.backend)) {
    throw new RangeError(`dl-train worker: --backend must be one of ${BACKEND_NAMES.join(', ')}, got '${own.backend}'`);
  }
  const lockMs = own['lock-ms'] === undefined ? undefined : Number(own['lock-ms']);
  if (lockMs !== undefined && !(Number.isInteger(lockMs) && lockMs >= 500)) throw new RangeError(`dl-train worker: --lock-ms must be an integer >= 500, got '${own['lock-ms']}'`);
  return { redis: own.redis ?? '', queue: own.queue, backend: own.backend, id: own.id, lockMs, help };
}

/** `dl-train worker`: runs until SIGINT/SIGTERM (or `stop`); resolves to the exit code. */
export async function workerCommand(argv: string[], out: NodeJS.WriteStream = process.stdout, stop?: Promise<unknown>): Promise<number> {
  let args: WorkerArgs;
  try {
    args = parseWorkerArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${WORKER_USAGE}`);
    return 2;
  }
  if (args.help) {
    out.write(WORKER_USAGE);
    return 0;
  }
  let worker;
  try {
    worker = await runWorker({
      redis: args.redis,
      ...(args.queue ? { queue: args.queue } : {}),
      ...(args.id ? { id: args.id } : {}),
      ...(args.lockMs ? { lockDuration: args.lockMs } : {}),
      trials: { [DL_TRAIN_TRIAL]: dlTrainTrial(args.backend) as TrialFn<Record<string, unknown>> },
      log: (line) => out.write(`dl-train worker ${line}\n`),
    });
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(`dl-train worker: ${/cannot reach Redis|redis must be/.test(message) ? '--redis: ' : /queue must be/.test(message) ? '--queue: ' : ''}${message}\n`);
    return 2;
  }
  out.write(`dl-train worker ${worker.id}: waiting for trials on queue ${args.queue ?? 'dl-trials'} at ${args.redis}\n`);
  let signals = 0;
  let onSignal = () => {};
  const stopped = new Promise<void>((resolve) => {
    onSignal = () => {
      signals++;
      out.write(signals === 1 ? `dl-train worker ${worker.id}: finishing the current trial (again to stop now)\n` : `dl-train worker ${worker.id}: stopping now\n`);
      if (signals === 1) resolve();
      else void worker.close(true).then(() => process.exit(130));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void stop?.then(() => resolve());
  });
  await stopped;
  await worker.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  disposeTrialData();
  out.write(`dl-train worker ${worker.id}: stopped after ${worker.finished} trials\n`);
  return 0;
}
