/**
 * Projection of dense rows onto their top principal directions (uncentered), to cut clustering cost: scoring is
 * proportional to the dense width, and 100-d word-vector averages keep most of their cluster structure in ~32 dims.
 */

/** Top `m` eigenvectors of XᵀX over at most `sampleRows` rows, by power iteration with deflation. */
export function topDirections(
  x: Float32Array,
  n: number,
  d: number,
  m: number,
  sampleRows: number,
): Float64Array[] {
  const cov = covariance(x, n, d, sampleRows);
  const out: Float64Array[] = [];
  for (let k = 0; k < Math.min(m, d); k++) {
    // Deterministic start that is not orthogonal to typical directions.
    let u = new Float64Array(d).map((_, a) => 1 + ((a * 7 + k * 13) % 11) / 11);
    let lambda = 0;
    for (let it = 0; it < 150; it++) {
      const next = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let b = 0; b < d; b++) s += cov[a * d + b]! * u[b]!;
        next[a] = s;
      }
      for (const v of out) {
        let p = 0;
        for (let a = 0; a < d; a++) p += next[a]! * v[a]!;
        for (let a = 0; a < d; a++) next[a]! -= p * v[a]!;
      }
      let norm = 0;
      for (let a = 0; a < d; a++) norm += next[a]! * next[a]!;
      norm = Math.sqrt(norm);
      if (norm === 0) return out;
      let delta = 0;
      for (let a = 0; a < d; a++) {
        next[a]! /= norm;
        delta += Math.abs(next[a]! - u[a]!);
      }
      u = next;
      lambda = norm;
      if (delta < 1e-5) break;
    }
    if (lambda <= 1e-12) break;
    out.push(u);
  }
  return out;
}

/** Rows of `x` (n × d) projected on `dirs`: n × dirs.length. */
export function project(x: Float32Array, n: number, d: number, dirs: readonly Float64Array[]): Float32Array {
  const m = dirs.length;
  const out = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < m; k++) {
      const v = dirs[k]!;
      let s = 0;
      for (let a = 0; a < d; a++) s += x[o + a]! * v[a]!;
      out[i * m + k] = s;
    }
  }
  return out;
}

/** XᵀX over an evenly strided sample of at most `maxRows` rows (cost is rows × d²/2). */
export function covariance(x: Float32Array, n: number, d: number, maxRows: number): Float64Array {
  const step = Math.max(1, Math.ceil(n / maxRows));
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i += step) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const va = x[o + a]!;
      if (va === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b]! += va * x[o + b]!;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
  return cov;
}
