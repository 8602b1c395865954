import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/core/digest/build.js';
import { applyEdits, foldEdits, quoteId, rootOf, type ThemeEdit } from '../../../src/core/digest/edits.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { week3Input } from './fixtures.js';

const merge = (themeKey: string, into: string, label = 'x'): ThemeEdit => ({
  themeKey,
  action: 'merge',
  value: JSON.stringify({ into, label }),
});

async function digest(): Promise<Digest> {
  return buildDigest(week3Input());
}

const themes = (d: Digest) => d.prompts.flatMap((p) => p.themes);

describe('theme edits', () => {
  it('leaves a digest alone without edits', async () => {
    const d = await digest();
    expect(applyEdits(d, foldEdits([]))).toBe(d);
  });

  it('renames a theme by key, in themes and common ground', async () => {
    const d = await digest();
    const bus = themes(d).find((t) => t.label.includes('bus'))!;
    const out = applyEdits(d, foldEdits([{ themeKey: bus.key, action: 'rename', value: 'Late buses' }]));
    expect(themes(out).find((t) => t.key === bus.key)?.label).toBe('Late buses');
    for (const c of out.commonGround.filter((c) => c.themeKey === bus.key))
      expect(c.label).toBe('Late buses');
    // The built digest is not changed.
    expect(bus.label).not.toBe('Late buses');
  });

  it('drops the engine’s earlier name of a theme an organizer has named', async () => {
    const d = await digest();
    const bus = themes(d).find((t) => t.label.includes('bus'))!;
    bus.renamedFrom = 'Getting to work';
    const out = applyEdits(d, foldEdits([{ themeKey: bus.key, action: 'rename', value: 'Late buses' }]));
    expect(themes(out).find((t) => t.key === bus.key)?.renamedFrom).toBeUndefined();
    // Without an edit it stays.
    const other = themes(d).find((t) => t.key !== bus.key)!;
    other.renamedFrom = 'Before';
    const kept = applyEdits(d, foldEdits([{ themeKey: bus.key, action: 'rename', value: 'Late buses' }]));
    expect(themes(kept).find((t) => t.key === other.key)?.renamedFrom).toBe('Before');
  });

  it('merges one theme into another: replies and history add up, the trend is recomputed', async () => {
    const d = await digest();
    const [a, b] = themes(d) as [Digest['prompts'][0]['themes'][0], Digest['prompts'][0]['themes'][0]];
    const out = applyEdits(d, foldEdits([merge(b.key, a.key, a.label)]));
    const merged = themes(out).find((t) => t.key === a.key)!;
    expect(themes(out)).toHaveLength(themes(d).length - 1);
    expect(merged.replies).toBe(a.replies + b.replies);
    expect(merged.history).toEqual(a.history.map((v, i) => v + (b.history[i] ?? 0)));
    expect(merged.replyIds?.sort()).toEqual([...(a.replyIds ?? []), ...(b.replyIds ?? [])].sort());
    expect(merged.participants).toBeLessThanOrEqual(d.prompts[0]!.participants ?? Number.POSITIVE_INFINITY);
    expect(out.commonGround.filter((c) => c.themeKey === b.key)).toEqual([]);
  });

  it('judges a merged theme’s trend on its share of each week’s replies, as the build does', async () => {
    const d = await digest();
    const bus = themes(d).find((t) => t.label.includes('bus'))!;
    const snow = themes(d).find((t) => t.key.endsWith('snow'))!;
    const merged = (x: Digest) =>
      themes(applyEdits(x, foldEdits([merge(snow.key, bus.key, bus.label)]))).find((t) => t.key === bus.key)!;
    // 4 of 10, 13 of 19, 13 of 27: a smaller share than before.
    expect(merged(d).history).toEqual([4, 13]);
    expect(d.prompts[0]!.history).toEqual([10, 19]);
    expect(merged(d).trend).toBe('steady');
    // The same counts out of busier earlier weeks are a share that grew.
    const busier = structuredClone(d);
    busier.prompts[0]!.history = [100, 100];
    expect(merged(busier).trend).toBe('growing');
  });

  it('follows merge chains and ignores a merge that would close a loop', () => {
    const state = foldEdits([merge('a', 'b'), merge('b', 'c'), merge('c', 'a')]);
    expect(rootOf(state, 'a')).toBe('c');
    expect(state.mergedInto.has('c')).toBe(false);
    expect(rootOf(foldEdits([merge('a', 'b'), { themeKey: 'a', action: 'unmerge', value: null }]), 'a')).toBe(
      'a',
    );
  });

  it('a merged theme absent from the root’s week shows under the root’s key and label', async () => {
    const d = await digest();
    const t = themes(d)[0]!;
    const out = applyEdits(d, foldEdits([merge(t.key, 'old:theme', 'Transit')]));
    const shown = themes(out).find((x) => x.key === 'old:theme');
    expect(shown?.label).toBe('Transit');
    expect(shown?.replies).toBe(t.replies);
  });

  it('hides a theme (and what was merged into it) and shows it again', async () => {
    const d = await digest();
    const [a, b] = themes(d);
    const hidden = applyEdits(
      d,
      foldEdits([merge(b!.key, a!.key), { themeKey: a!.key, action: 'hide', value: null }]),
    );
    expect(themes(hidden).map((t) => t.key)).not.toContain(a!.key);
    expect(themes(hidden).map((t) => t.key)).not.toContain(b!.key);
    expect(hidden.commonGround.map((c) => c.themeKey)).not.toContain(a!.key);
    const shown = applyEdits(
      d,
      foldEdits([
        { themeKey: a!.key, action: 'hide', value: null },
        { themeKey: a!.key, action: 'show', value: null },
      ]),
    );
    expect(themes(shown).map((t) => t.key)).toContain(a!.key);
  });

  it('hides a quote wherever the same words are quoted', async () => {
    const d = await digest();
    const quoted = themes(d).find((t) => t.quotes.length > 0)!;
    const text = quoted.quotes[0]!.text;
    const out = applyEdits(
      d,
      foldEdits([{ themeKey: quoted.key, action: 'hide-quote', value: quoteId(text) }]),
    );
    expect(themes(out).flatMap((t) => t.quotes.map((q) => q.text))).not.toContain(text);
  });
});
