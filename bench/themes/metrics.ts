/**
 * Clustering scores against gold labels, as scikit-learn computes them: NMI with arithmetic normalization
 * (`normalized_mutual_info_score` default) and the adjusted Rand index. Replies outside every theme count as
 * singleton clusters, so leaving replies out is never free.
 */

export interface Scored {
  nmi: number;
  ari: number;
  coverage: number;
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

const choose2 = (x: number): number => (x * (x - 1)) / 2;

/** `truth` and `pred` are parallel arrays of cluster keys. */
export function nmiAri(truth: readonly string[], pred: readonly string[]): { nmi: number; ari: number } {
  const n = truth.length;
  if (n !== pred.length) throw new Error('label arrays differ in length');
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  const joint = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    a.set(truth[i]!, (a.get(truth[i]!) ?? 0) + 1);
    b.set(pred[i]!, (b.get(pred[i]!) ?? 0) + 1);
    const key = `${truth[i]}\u0000${pred[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
  }
  const ha = entropy(a.values(), n);
  const hb = entropy(b.values(), n);
  let mi = 0;
  for (const [key, c] of joint) {
    const [x, y] = key.split('\u0000') as [string, string];
    mi += (c / n) * Math.log((c * n) / (a.get(x)! * b.get(y)!));
  }
  // sklearn: both partitions trivial (one cluster each, or all singletons identical) → 1.
  const nmi = ha === 0 && hb === 0 ? 1 : mi / ((ha + hb) / 2 || 1);
  let sumJoint = 0;
  for (const c of joint.values()) sumJoint += choose2(c);
  let sumA = 0;
  for (const c of a.values()) sumA += choose2(c);
  let sumB = 0;
  for (const c of b.values()) sumB += choose2(c);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  const ari = max === expected ? 1 : (sumJoint - expected) / (max - expected);
  return { nmi: Math.max(0, nmi), ari };
}

/** Scores a `{themes:[{replyIds}], unthemed}` result against gold labels by reply id. */
export function scoreThemes(
  gold: ReadonlyMap<string, string>,
  result: { themes: ReadonlyArray<{ replyIds: readonly string[] }>; unthemed?: readonly string[] },
): Scored {
  const pred = new Map<string, string>();
  result.themes.forEach((t, i) => {
    for (const id of t.replyIds) pred.set(id, `t${i}`);
  });
  const truth: string[] = [];
  const labels: string[] = [];
  let covered = 0;
  for (const [id, label] of gold) {
    truth.push(label);
    const p = pred.get(id);
    if (p !== undefined) covered++;
    labels.push(p ?? `single:${id}`);
  }
  return { ...nmiAri(truth, labels), coverage: covered / gold.size };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
