/** Second-moment matrix for principal-component steps on dense embeddings. */

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
