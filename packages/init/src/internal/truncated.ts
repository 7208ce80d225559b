import type { Rng } from '@dl/core';

// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): only used to pick a sampler, never in values.
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  return s * y;
}

function phi(x: number): number {
  return x === Infinity ? 1 : x === -Infinity ? 0 : 0.5 * (1 + erf(x / Math.SQRT2));
}

/**
 * Draws `n` standard normals restricted to [lo, hi], exactly (by rejection): from N(0, 1) when
 * the interval holds enough mass, else from a uniform proposal on a narrow interval or
 * Robert's (1995) exponential proposal on a tail.
 */
export function standardTruncated(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  const mass = phi(hi) - phi(lo);
  if (mass >= 0.25) {
    for (let i = 0; i < n; i++) {
      let z: number;
      do z = rng.gaussian();
      while (z < lo || z > hi);
      out[i] = z;
    }
    return out;
  }
  // Work on the positive side; mirror back at the end.
  const flip = hi <= 0;
  const l = flip ? -hi : lo;
  const u = flip ? -lo : hi;
  if (l < 0 || u - l <= 1) {
    // Narrow interval: uniform proposal, accepted with exp((m² - z²) / 2), m the point nearest 0.
    const m = l < 0 ? 0 : l;
    for (let i = 0; i < n; i++) {
      let z: number;
      do z = l + (u - l) * rng.next();
      while (rng.next() > Math.exp((m * m - z * z) / 2));
      out[i] = flip ? -z : z;
    }
    return out;
  }
  const rate = (l + Math.sqrt(l * l + 4)) / 2;
  for (let i = 0; i < n; i++) {
    let z: number;
    do z = l - Math.log(1 - rng.next()) / rate;
    while (z > u || rng.next() > Math.exp(-((z - rate) ** 2) / 2));
    out[i] = flip ? -z : z;
  }
  return out;
}
