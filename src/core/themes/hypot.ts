/**
 * √(Σ v²) of an array, computed exactly as V8's Math.hypot (src/builtins/math.tq: scale by the largest magnitude,
 * Kahan-sum the squares), so the themes stay bit-identical, but without spreading the array into arguments:
 * `Math.hypot(...v)` throws "Maximum call stack size exceeded" from ~150,000 values, and a centroid over a large
 * vocabulary can be that long.
 */
export function hypot(values: ArrayLike<number>): number {
  let max = 0;
  let nan = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nan = true;
    else if (Math.abs(v) > max) max = Math.abs(v);
  }
  if (max === Number.POSITIVE_INFINITY) return max;
  if (nan) return Number.NaN;
  if (max === 0) return 0;
  return Math.sqrt(kahanSquares(values, max)) * max;
}

/** Σ (|v| / max)² with Kahan compensation, in index order. */
function kahanSquares(values: ArrayLike<number>, max: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const n = Math.abs(values[i]!) / max;
    const summand = n * n - compensation;
    const preliminary = sum + summand;
    compensation = preliminary - sum - summand;
    sum = preliminary;
  }
  return sum;
}
