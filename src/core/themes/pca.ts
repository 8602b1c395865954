/** Second-moment matrix for principal-component steps on dense embeddings. */

/** XᵀX over an evenly strided sample of at most `maxRows` rows (cost is rows × d²/2). */
export function covariance(x: Float32Array, n: number, d: number, maxRows: number): Float64Array {
  const cov = new Float64Array(d * d);
  addUpperProducts(x, n, d, Math.max(1, Math.ceil(n / maxRows)), cov);
  mirrorUpper(cov, d);
  return cov;
}

// Each loop is a function of its own: V8 optimised the whole function during its first loop (on-stack replacement)
// and threw the code away at the next loop it had not yet run; cold, this cost more than the arithmetic (subtracting
// the mean and removing the common component of 1,100 × 100 floats: 25 → 19.5 ms, median of 7 cold processes).

function addUpperProducts(x: Float32Array, n: number, d: number, step: number, cov: Float64Array): void {
  for (let i = 0; i < n; i += step) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const va = x[o + a]!;
      if (va === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b]! += va * x[o + b]!;
    }
  }
}

function mirrorUpper(cov: Float64Array, d: number): void {
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
}
