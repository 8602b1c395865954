/** Second-moment matrix for principal-component steps on dense embeddings. */
import { upperProductsKernel } from './wasm/kernels.js';

/** XᵀX over an evenly strided sample of at most `maxRows` rows (cost is rows × d²/2). */
export function covariance(x: Float32Array, n: number, d: number, maxRows: number): Float64Array {
  const cov = new Float64Array(d * d);
  // The products are a kernel (`upper_products`): an axpy of the row's tail per non-zero value.
  upperProductsKernel(x, n, d, Math.max(1, Math.ceil(n / maxRows)), cov);
  mirrorUpper(cov, d);
  return cov;
}

function mirrorUpper(cov: Float64Array, d: number): void {
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
}
