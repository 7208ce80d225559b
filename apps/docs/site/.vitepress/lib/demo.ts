// A demo's life cycle: pick the backend, note the tensor count, run, stop, check nothing leaked.
import { onMounted, onUnmounted, ref } from 'vue';
import { BACKENDS, backendStarted, defaultBackend, readQuery, record, selectBackend, tf, writeQuery, type DemoBackend } from './dl';

export interface RunControl {
  /** True once the user (or a restart, or leaving the page) stopped this run. */
  stopped: () => boolean;
}

export function useDemo<R>(name: string, run: (control: RunControl) => Promise<R>, options: { autoStart?: boolean } = {}) {
  const q = readQuery().backend;
  const backend = ref<DemoBackend>((BACKENDS as readonly string[]).includes(q ?? '') ? (q as DemoBackend) : defaultBackend());
  const status = ref<'idle' | 'running' | 'done' | 'stopped' | 'error'>('idle');
  const running = ref('');
  const numTensors = ref(0);
  const baseline = ref<number | null>(null);
  const error = ref('');
  const result = ref<R | null>(null) as { value: R | null };
  let current: Promise<void> = Promise.resolve();
  let token = { stopped: false };
  let runs = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const poll = () => {
    if (!backendStarted()) return;
    numTensors.value = tf.memory().numTensors;
    record(name, { numTensors: numTensors.value });
  };

  async function start(): Promise<void> {
    await stop();
    const mine = { stopped: false };
    token = mine;
    current = (async () => {
      status.value = 'running';
      error.value = '';
      record(name, { status: 'running', result: undefined, error: undefined, run: ++runs });
      try {
        running.value = await selectBackend(backend.value);
        baseline.value = tf.memory().numTensors;
        record(name, { backend: running.value, baseline: baseline.value });
        const r = await run({ stopped: () => mine.stopped });
        result.value = r;
        status.value = mine.stopped ? 'stopped' : 'done';
      } catch (e) {
        status.value = 'error';
        error.value = e instanceof Error ? e.message : String(e);
        console.error(`${name}:`, e);
      } finally {
        poll();
        record(name, { status: status.value, result: result.value ?? undefined, error: error.value || undefined });
      }
    })();
    return current;
  }

  async function stop(): Promise<void> {
    token.stopped = true;
    await current;
  }

  function setBackend(b: DemoBackend) {
    backend.value = b;
    writeQuery({ backend: b });
    void start();
  }

  onMounted(() => {
    timer = setInterval(poll, 500);
    record(name, { status: 'idle' });
    if (options.autoStart !== false) void start();
  });
  onUnmounted(() => {
    clearInterval(timer);
    token.stopped = true;
  });

  return { backend, running, status, numTensors, baseline, error, result, start, stop, setBackend };
}
