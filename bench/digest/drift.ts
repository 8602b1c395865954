/**
 * `npx tsx bench/digest/drift.ts`: do carried themes stay what they are named? The weekly digests are built as
 * `bench-digest.ts` builds them (same set, same spread over 4 weeks, through the store); each week the same replies
 * are also themed fresh (no previous model), and every digest theme is compared with the fresh run:
 * - gold: share of its replies (the whole window, as the digest places them) holding its most common hand-coded
 *   topic (`label` or `label2`), when the set has them; the same for the fresh run's themes, for reference;
 * - subject: share of its replies naming what its key stands for (the lexicon topic, or the word);
 * - J: Jaccard of its replies with the fresh theme closest to it (named after it).
 * Per week, for themes carried from an earlier digest: replies, replies off their subject, and the means; earlier
 * weeks' counts shown differently from the previous digest; carried themes shown under another name than there.
 *
 * Options: `--file CSV`, `--language en|fr`, `--background WORDS` (as bench-digest.ts), `--show` (every theme of
 * every week, not only the summary), `--options JSON` (engine options, see `EngineOptions`).
 */
import { parseArgs } from 'node:util';
import type { Digest } from '../../src/core/digest/types.js';
import { analyze } from '../../src/core/themes/features.js';
import { type EngineOptions, findThemes } from '../../src/core/themes/find-themes.js';
import { CONCEPTS } from '../../src/core/themes/lexicon.js';
import { fold } from '../../src/core/themes/text.js';
import type { ThemeInput, ThemeOptions, ThemeResult } from '../../src/core/themes/types.js';
import { ensureDigest } from '../../src/runner/digest-scheduler.js';
import { DEFAULT_FILE, readTexts, scratchDigests, spreadRows, WEEKS, weekPeriod } from './weeks.js';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_FILE },
    language: { type: 'string', default: 'en' },
    background: { type: 'string', default: '' },
    show: { type: 'boolean', default: false },
    options: { type: 'string', default: '{}' },
  },
});

interface Call {
  inputs: ThemeInput[];
  options: ThemeOptions;
  fresh: ThemeResult;
  carried: ThemeResult;
}

const pct = (x: number) => (Number.isNaN(x) ? '  — ' : `${`${Math.round(x * 100)}`.padStart(3)}%`);
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);

function jaccard(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  let both = 0;
  for (const v of x) if (y.has(v)) both++;
  return both / (x.size + y.size - both || 1);
}

/** Share of `ids` holding their most common gold label. */
function purity(ids: readonly string[], gold: ReadonlyMap<string, string[]>): number {
  const counts = new Map<string, number>();
  let labelled = 0;
  for (const id of ids) {
    const labels = gold.get(id) ?? [];
    if (labels.length) labelled++;
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return labelled ? Math.max(0, ...counts.values()) / labelled : Number.NaN;
}

async function main(): Promise<void> {
  const language = args.language === 'fr' ? 'fr' : 'en';
  const calls: Call[] = [];
  const engine = JSON.parse(args.options) as EngineOptions;
  const { store, settings, close } = scratchDigests({
    language,
    background: args.background,
    themer: async (inputs, options = {}) => {
      const { model: _model, ...plain } = options;
      const fresh = await findThemes(inputs, { ...plain, ...engine });
      const carried = await findThemes(inputs, { ...options, ...engine });
      calls.push({ inputs, options, fresh, carried });
      return carried;
    },
  });
  try {
    const texts = readTexts(args.file);
    const rows = spreadRows(texts);
    await store.insertImported(rows);
    // Store ids → gold labels, through the reply's time and author (unique in the bench's spread).
    const rowGold = new Map(
      rows.map((r, i) => [`${r.receivedAt.toISOString()}|${r.authorId}`, texts[i]!.labels]),
    );
    const hasGold = texts.some((t) => t.labels.length > 0);
    const seen = new Set<string>();
    /** Each theme's replies per week as the previous digest counted them (the earlier weeks it showed). */
    let counted = new Map<string, number[]>();
    /** Each theme's label in the previous digest: a carried theme shown under another name is renamed. */
    let named = new Map<string, string>();
    const totals: string[] = [];
    for (let w = 0; w < WEEKS; w++) {
      const period = weekPeriod(w);
      const before = calls.length;
      const digest: Digest = (
        await ensureDigest(settings, period, new Date(period.end.getTime() + 9 * 3_600_000))
      ).digest;
      const call = calls[calls.length - 1];
      if (!call || calls.length === before) throw new Error(`week ${w + 1} was not themed`);
      const gold = new Map(call.inputs.map((x) => [x.id, rowGold.get(`${x.date}|${x.participantId}`) ?? []]));
      const a = analyze(call.inputs, {
        backgroundWords: call.options.backgroundWords,
        question: call.options.question,
      });
      const concepts = new Map(a.replies.map((r, i) => [r.id, new Set(a.replyConcepts[i])]));
      const folded = new Map(call.inputs.map((x) => [x.id, fold(x.text)]));
      const prompt = digest.prompts[0]!;
      const assignments = prompt.assignments!;
      const members = new Map<string, string[]>();
      for (const [id, ks] of Object.entries(assignments.replies))
        for (const k of ks) {
          const key = assignments.keys[k]!;
          members.set(key, [...(members.get(key) ?? []), id]);
        }
      const freshSets = call.fresh.themes.map((t) => ({
        label: `${t.label} (${t.replyIds.length}, gold ${pct(purity(t.replyIds, gold)).trim()})`,
        ids: new Set(t.replyIds),
      }));
      const names = (key: string, id: string): boolean => {
        const bare = key.replace(/^[^:]*:/, '').replace(/-\d+$/, '');
        const concept = CONCEPTS.findIndex((c) => c.id === bare);
        if (concept >= 0) return concepts.get(id)?.has(concept) ?? false;
        return bare.split('-').some((word) => (folded.get(id) ?? '').includes(word));
      };
      const carried = {
        replies: 0,
        off: 0,
        gold: [] as number[],
        subject: [] as number[],
        j: [] as number[],
      };
      const lines: string[] = [];
      for (const theme of prompt.themes) {
        const ids = members.get(theme.key) ?? [];
        const set = new Set(ids);
        const best = freshSets
          .map((f) => ({ label: f.label, j: jaccard(set, f.ids) }))
          .sort((x, y) => y.j - x.j)[0];
        const subject = ids.length
          ? ids.filter((id) => names(theme.key, id)).length / ids.length
          : Number.NaN;
        const p = purity(ids, gold);
        const wasCarried = seen.has(theme.key);
        if (wasCarried) {
          carried.replies += ids.length;
          carried.off += ids.filter((id) => !names(theme.key, id)).length;
          carried.gold.push(p);
          carried.subject.push(subject);
          carried.j.push(best?.j ?? 0);
        }
        lines.push(
          `  ${wasCarried ? 'c' : ' '} ${theme.label.slice(0, 40).padEnd(40)} ${theme.key
            .replace(/^[^:]*:/, '')
            .slice(0, 14)
            .padEnd(
              14,
            )} ${String(ids.length).padStart(3)}  gold ${pct(p)}  subject ${pct(subject)}  J ${(best?.j ?? 0).toFixed(2)} ${best?.label.slice(0, 50) ?? ''}`,
        );
      }
      const freshGold = mean(call.fresh.themes.map((t) => purity(t.replyIds, gold)));
      const freshSubject = mean(
        call.fresh.themes.map((t) => t.replyIds.filter((id) => names(t.key, id)).length / t.replyIds.length),
      );
      // Earlier weeks' counts this digest shows differently from the previous one (history rewritten); both end
      // with their own week.
      let rewritten = 0;
      for (const t of prompt.themes) {
        const before = counted.get(t.key);
        if (!before) continue;
        t.history.forEach((n, i) => {
          rewritten += Math.abs(n - (before[i + before.length - t.history.length] ?? 0));
        });
      }
      counted = new Map(prompt.themes.map((t) => [t.key, [...t.history, t.replies]]));
      const renamed = prompt.themes
        .filter((t) => named.has(t.key) && named.get(t.key) !== t.label)
        .map((t) => `${named.get(t.key)} → ${t.label}`);
      named = new Map(prompt.themes.map((t) => [t.key, t.label]));
      const summary = `week ${w + 1} (${call.inputs.length} replies): ${prompt.themes.length} themes, ${carried.gold.length} carried holding ${carried.replies} replies, ${carried.off} off their subject (${pct(carried.off / (carried.replies || 1))}); carried mean${hasGold ? ` gold ${pct(mean(carried.gold))} (fresh run's themes ${pct(freshGold)}),` : ''} subject ${pct(mean(carried.subject))} (fresh ${pct(freshSubject)}), J ${carried.j.length ? mean(carried.j).toFixed(2) : '—'}; earlier weeks' counts changed by ${rewritten}; renamed ${renamed.length}${renamed.length ? ` (${renamed.join(', ')})` : ''}`;
      // The same for the engine's run alone (before the digest keeps earlier replies where they were).
      const runCarried = call.carried.themes.filter((t) => seen.has(`noticed:${t.key}`));
      const runOff = runCarried.reduce((s, t) => s + t.replyIds.filter((id) => !names(t.key, id)).length, 0);
      const runSize = runCarried.reduce((s, t) => s + t.replyIds.length, 0);
      const runLine = `  run alone: carried holding ${runSize}, ${runOff} off (${pct(runOff / (runSize || 1))}); gold ${pct(mean(runCarried.map((t) => purity(t.replyIds, gold))))}, subject ${pct(mean(runCarried.map((t) => t.replyIds.filter((id) => names(t.key, id)).length / t.replyIds.length)))}`;
      totals.push(summary, runLine);
      for (const t of prompt.themes) seen.add(t.key);
      if (args.show) {
        console.log(`\n${summary}`);
        for (const l of lines) console.log(l);
      }
    }
    console.log(`\n${texts.length} replies from ${args.file}; digest language ${language} (c: carried)`);
    for (const t of totals) console.log(t);
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
