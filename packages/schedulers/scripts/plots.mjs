// Writes docs/<name>.svg, one plot per schedule, from `sample` of the built package.
// Run: pnpm build && node scripts/plots.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as S from '../dist/index.js';

const out = fileURLToPath(new URL('../docs/', import.meta.url));
mkdirSync(out, { recursive: true });

const W = 520;
const H = 240;
const M = { left: 58, right: 16, top: 28, bottom: 34 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

function niceStep(range, count) {
  const raw = range / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}

const fmt = (v) => (v === 0 ? '0' : Math.abs(v) < 1e-3 ? v.toExponential(0) : String(Number(v.toPrecision(3))));

/** series: [{label, values}]; each value is held over its step (the rate during that step). */
function plot(title, series, { xLabel = 'step' } = {}) {
  const n = Math.max(...series.map((s) => s.values.length));
  const yMax = Math.max(...series.flatMap((s) => s.values)) * 1.05;
  const x = (t) => M.left + (t / n) * (W - M.left - M.right);
  const y = (v) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${title}</text>`,
  ];
  const yStep = niceStep(yMax, 4);
  for (let v = 0; v <= yMax + 1e-12; v += yStep) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`);
  }
  const xStep = niceStep(n, 5);
  for (let t = 0; t <= n; t += xStep) {
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#333"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${W - M.right}" y="${H - 4}" text-anchor="end">${xLabel}</text>`);
  parts.push(`<text x="12" y="${M.top - 8}">lr</text>`);
  const legend = series.length > 1;
  series.forEach((s, i) => {
    let d = '';
    s.values.forEach((v, t) => {
      d += `${t === 0 ? 'M' : 'L'}${x(t).toFixed(2)},${y(v).toFixed(2)}H${x(t + 1).toFixed(2)}`;
    });
    parts.push(`<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.6"/>`);
  });
  if (legend) {
    parts.push(`<rect x="${W - M.right - 156}" y="${M.top - 6}" width="150" height="${series.length * 14 + 6}" fill="white" fill-opacity="0.85"/>`);
  }
  series.forEach((s, i) => {
    if (legend) {
      const ly = M.top + 4 + i * 14;
      parts.push(`<line x1="${W - M.right - 150}" x2="${W - M.right - 132}" y1="${ly}" y2="${ly}" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"/>`);
      parts.push(`<text x="${W - M.right - 128}" y="${ly + 4}">${s.label}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

const one = (schedule, steps) => [{ label: '', values: S.sample(schedule, steps) }];

// A validation loss that improves, then stalls in plateaus, for reduceOnPlateau.
const plateau = S.reduceOnPlateau({ lr: 0.1, patience: 5, factor: 0.5, cooldown: 3 });
const metrics = Array.from({ length: 100 }, (_, t) => (t < 20 ? 1 - t * 0.02 : 0.6 - 0.05 * Math.floor(t / 40)));
const plateauLrs = [0.1, ...metrics.slice(0, 99).map((m) => plateau.step(m))];

const plots = {
  constant: ['constant({lr: 0.1, factor: 0.5, totalIters: 20})', one(S.constant({ lr: 0.1, factor: 0.5, totalIters: 20 }), 100)],
  'step-decay': ['stepDecay({lr: 0.1, stepSize: 30, gamma: 0.1})', one(S.stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.1 }), 100)],
  'multi-step': ['multiStep({lr: 0.1, milestones: [30, 80], gamma: 0.1})', one(S.multiStep({ lr: 0.1, milestones: [30, 80], gamma: 0.1 }), 100)],
  exponential: [
    'exponential: gamma and alpha forms',
    [
      { label: 'gamma: 0.96', values: S.sample(S.exponential({ lr: 0.1, gamma: 0.96 }), 100) },
      { label: 'alpha: 1 (%)', values: S.sample(S.exponential({ lr: 0.1, alpha: 1 }), 100) },
    ],
  ],
  'inverse-time': ['inverseTime({lr: 0.1, k: 0.1})', one(S.inverseTime({ lr: 0.1, k: 0.1 }), 100)],
  bengio: ['bengio({lr: 0.1, tau: 20})', one(S.bengio({ lr: 0.1, tau: 20 }), 100)],
  'cosine-annealing': ['cosineAnnealing({lr: 0.1, tMax: 50, etaMin: 0.005}), past tMax', one(S.cosineAnnealing({ lr: 0.1, tMax: 50, etaMin: 0.005 }), 150)],
  'cosine-warm-restarts': ['cosineWarmRestarts({lr: 0.1, t0: 10, tMult: 2})', one(S.cosineWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 }), 150)],
  linear: ['linear({lr: 0.1, startFactor: 1, endFactor: 0.1, totalIters: 80})', one(S.linear({ lr: 0.1, startFactor: 1, endFactor: 0.1, totalIters: 80 }), 100)],
  polynomial: ['polynomial({lr: 0.1, totalIters: 80, power: 2})', one(S.polynomial({ lr: 0.1, totalIters: 80, power: 2 }), 100)],
  'one-cycle': [
    'oneCycle({maxLr: 0.1, totalSteps: 100})',
    [
      { label: "two-phase, 'cos'", values: S.sample(S.oneCycle({ maxLr: 0.1, totalSteps: 100 }), 101) },
      { label: "three-phase, 'linear'", values: S.sample(S.oneCycle({ maxLr: 0.1, totalSteps: 100, threePhase: true, annealStrategy: 'linear' }), 101) },
    ],
  ],
  cyclic: [
    'cyclic({baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10})',
    ['triangular', 'triangular2', 'expRange'].map((mode) => ({
      label: mode,
      values: S.sample(S.cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10, mode, gamma: 0.99 }), 100),
    })),
  ],
  warmup: [
    'warmup(cosineAnnealing({lr: 0.1, tMax: 90}), {steps: 10, startFactor: 0.1})',
    ['linear', 'constant', 'exponential'].map((mode) => ({
      label: mode,
      values: S.sample(S.warmup(S.cosineAnnealing({ lr: 0.1, tMax: 90 }), { steps: 10, startFactor: 0.1, mode }), 100),
    })),
  ],
  sequential: [
    'sequential([constant, exponential], [20])',
    one(S.sequential([S.constant({ lr: 0.1, factor: 0.1, totalIters: 20 }), S.exponential({ lr: 0.1, gamma: 0.97 })], [20]), 100),
  ],
  lambda: ['lambda((t) => 0.97 ** t, {lr: 0.1})', one(S.lambda((t) => 0.97 ** t, { lr: 0.1 }), 100)],
  multiplicative: [
    'multiplicative((t) => (t % 20 === 0 ? 0.5 : 0.995), {lr: 0.1})',
    one(S.multiplicative((t) => (t % 20 === 0 ? 0.5 : 0.995), { lr: 0.1 }), 100),
  ],
  chained: [
    'chained([linear warm-up, stepDecay], {lr: 0.1})',
    one(S.chained([S.linear({ lr: 0.1, startFactor: 0.1, totalIters: 10 }), S.stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.5 })], { lr: 0.1 }), 100),
  ],
  'reduce-on-plateau': ['reduceOnPlateau({lr: 0.1, patience: 5, factor: 0.5, cooldown: 3})', [{ label: '', values: plateauLrs }], { xLabel: 'epoch' }],
};

for (const [name, [title, series, opts]] of Object.entries(plots)) {
  writeFileSync(`${out}${name}.svg`, plot(title, series, opts));
}
console.log(`wrote ${Object.keys(plots).length} plots to ${out}`);
