/**
 * Scores of one run: the community measures exactly as `../shared/tools/score-community.py` prints them (the bench
 * calls it), and the stability measure (how many themes survive a few added replies).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchFailure, PYTHON, ROOT, type ThemesJson } from './methods.js';

const SCORER = join(ROOT, '../shared/tools/score-community.py');

export interface CommunityScore {
  nmi: number;
  coverage: number;
  /** Share of themes (≥ 3 members) where ≥ 60 % of members share a topic. */
  coherent: number;
  /** Share of major topics one theme holds ≥ 50 % of ("topics found"). */
  recall: number;
  /** Share of themes whose label no other theme has. */
  distinct: number;
  themes: number;
  unthemed: number;
  /** Themes whose label contains a background word (the town's name). */
  bglabels: number;
}

/** Runs score-community.py on `raw` (a themes JSON) against `gold`, with `background` as its `--background`. */
export function scoreCommunity(
  gold: string,
  raw: string,
  background: readonly string[] = [],
): CommunityScore {
  const dir = mkdtempSync(join(tmpdir(), 'gv-bench-score-'));
  try {
    const file = join(dir, 'themes.json');
    writeFileSync(file, raw);
    const args = [SCORER, gold, file];
    if (background.length) args.push('--background', background.join(','));
    const out = spawnSync(PYTHON, args, { encoding: 'utf8' });
    if (out.status !== 0) throw new BenchFailure(`score-community.py failed: ${out.stderr}`);
    const value = (name: keyof CommunityScore) => {
      const m = new RegExp(`\\b${name}=([\\d.]+)`).exec(out.stdout);
      if (!m) throw new BenchFailure(`score-community.py printed no ${name}: ${out.stdout}`);
      return Number(m[1]);
    };
    return {
      nmi: value('nmi'),
      coverage: value('coverage'),
      coherent: value('coherent'),
      recall: value('recall'),
      distinct: value('distinct'),
      themes: value('themes'),
      unthemed: value('unthemed'),
      bglabels: value('bglabels'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Themes whose first keyword contains one of `words` (case-insensitive): held together by them. */
export function themesLedBy(result: ThemesJson, words: readonly string[]): number {
  const lower = words.map((w) => w.toLowerCase());
  return result.themes.filter((t) => {
    const first = t.keywords[0]?.toLowerCase() ?? '';
    return lower.some((w) => first.includes(w));
  }).length;
}

/**
 * The share of `before`'s themes that have a counterpart in `after` with ≥ `threshold` member overlap (Jaccard),
 * both member lists taken over `ids` only (the replies both runs saw).
 */
export function stableShare(
  before: ThemesJson,
  after: ThemesJson,
  ids: ReadonlySet<string>,
  threshold = 0.7,
): { kept: number; themes: number; share: number } {
  const members = (r: ThemesJson) => r.themes.map((t) => new Set(t.replyIds.filter((id) => ids.has(id))));
  const old = members(before).filter((m) => m.size > 0);
  const now = members(after);
  let kept = 0;
  for (const a of old) {
    const best = Math.max(
      0,
      ...now.map((b) => {
        let both = 0;
        for (const id of a) if (b.has(id)) both++;
        return both / (a.size + b.size - both);
      }),
    );
    if (best >= threshold) kept++;
  }
  return { kept, themes: old.length, share: old.length ? kept / old.length : 1 };
}
