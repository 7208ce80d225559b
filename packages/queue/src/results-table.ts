import type { TrialRecord } from '@dl/train';

export interface ResultsTable {
  /** One row per trial: trial (`index:retry`), each parameter, score, epochs, worker, status. */
  rows: Record<string, string | number | boolean | null>[];
  json: string;
  csv: string;
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The study's table (trial, parameters, best metric, epochs run, worker, status) as rows, JSON and CSV. */
export function resultsTable<P extends Record<string, unknown>>(trials: readonly TrialRecord<P>[], options: { metric?: string } = {}): ResultsTable {
  if (!Array.isArray(trials)) throw new TypeError(`resultsTable: trials must be search's trials array, got ${String(trials)}`);
  const metric = options.metric ?? 'score';
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const rows = trials.map((t) => ({
    trial: `${t.index}:${t.retry}`,
    ...Object.fromEntries(keys.map((k) => [k, (t.params[k] ?? null) as string | number | boolean | null])),
    [metric]: Number.isFinite(t.score) ? t.score : null,
    epochs: t.epochs,
    worker: t.worker,
    status: t.status,
  }));
  const columns = ['trial', ...keys, metric, 'epochs', 'worker', 'status'];
  const csv = [columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
  return { rows, json: JSON.stringify(rows, null, 2) + '\n', csv };
}
