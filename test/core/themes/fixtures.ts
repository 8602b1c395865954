/**
 * A small community conversation, written for the tests: residents of "Maple Falls" on what would make their town
 * better, in English and French, with the town's name running through many replies, compound replies and jokes.
 */
import type { Embedder } from '../../../src/core/themes/embedder.js';
import type { Analysis } from '../../../src/core/themes/features.js';
import type { ThemeInput, ThemeResult } from '../../../src/core/themes/types.js';

const EN: Array<[string, string]> = [
  ['transit', 'The bus to the hospital comes once an hour, Maple Falls needs more buses'],
  ['transit', 'More buses on the 12 line, the bus is always full in the morning'],
  ['transit', 'A train to the city so commuters can leave their cars at home'],
  ['transit', 'Buses should run later at night for shift workers in Maple Falls'],
  ['transit', 'Public transit in Maple Falls is too slow to get to work'],
  ['transit', 'The bus schedule is unreliable on weekends'],
  ['transit', 'Bring back the trolley downtown, transit here is a joke'],
  ['parking', 'There is never any parking downtown on Saturdays'],
  ['parking', 'Parking meters on Main Street cost too much'],
  ['parking', 'Maple Falls needs a parking garage near the library'],
  ['parking', 'Free parking for an hour would help the shops downtown'],
  ['parking', 'Parking spots are taken by commuters all day'],
  ['parking', 'Enforce the two hour parking limit in Maple Falls'],
  ['parks', 'The park playground is broken and the kids have nowhere to play'],
  ['parks', 'More trees and shade in Riverside Park please'],
  ['parks', 'Maple Falls should keep its parks and green space as it grows'],
  ['parks', 'A dog park on the east side of Maple Falls'],
  ['parks', 'Clean up the park by the river, there is broken glass'],
  ['parks', 'More benches and trees in the parks for seniors'],
  ['housing', 'Rent went up again, rent is too high for young families'],
  ['housing', 'My landlord raised the rent by 15 percent this year'],
  ['housing', 'Maple Falls needs affordable housing for seniors and students'],
  ['housing', 'Build more apartments and townhomes near the college'],
  ['housing', 'Housing costs push young people out of Maple Falls'],
  ['housing', 'Affordable housing should be a priority, rents keep rising'],
  ['traffic', 'Traffic on Elm Road is terrible at rush hour'],
  ['traffic', 'Fix the potholes on Elm Road before someone gets hurt'],
  ['traffic', 'The intersection by the school needs a traffic light'],
  ['traffic', 'Too much traffic downtown, cars speed through Maple Falls'],
  ['traffic', 'Roads in Maple Falls are full of potholes'],
  ['traffic', 'Speeding traffic on Elm Road scares the kids walking to school'],
];

const FR: Array<[string, string]> = [
  ['housing', 'Le loyer est trop cher pour les familles du quartier'],
  ['housing', 'Mon propriétaire a augmenté le loyer encore une fois'],
  ['housing', 'Il faut plus de logements abordables à Maple Falls'],
  ['housing', 'Les loyers trop chers poussent les jeunes à partir'],
  ['transit', "L'autobus passe trop rarement le soir à Maple Falls"],
  ['transit', "Plus d'autobus le dimanche, l'autobus est toujours plein"],
  ['transit', 'Un train vers la ville pour aller au travail sans voiture'],
  ['transit', 'Les transports en commun sont trop lents'],
];

/** Off-topic replies a conversation always gets. */
export const NOISE: readonly string[] = [
  'Free cookies for everyone! Yay!',
  'lol',
  'Hello? Is this thing on?',
  '42',
];

export function corpus(which: 'en' | 'fr' | 'both' = 'en'): Array<ThemeInput & { topic: string }> {
  const rows = which === 'en' ? EN : which === 'fr' ? FR : [...EN, ...FR];
  return rows.map(([topic, text], i) => ({ id: `r${String(i + 1).padStart(2, '0')}`, text, topic }));
}

/** Deterministic Fisher–Yates shuffle. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Share of the members of each theme that come from its majority topic, over all themes. */
export function purity(
  themes: ReadonlyArray<{ replyIds: readonly string[] }>,
  topics: ReadonlyMap<string, string>,
): number {
  let agree = 0;
  let total = 0;
  for (const t of themes) {
    const counts = new Map<string, number>();
    for (const id of t.replyIds) counts.set(topics.get(id)!, (counts.get(topics.get(id)!) ?? 0) + 1);
    agree += Math.max(...counts.values());
    total += t.replyIds.length;
  }
  return total === 0 ? 0 : agree / total;
}

/** A stand-in sentence model: texts with a word of a group get that group's direction. */
export function groupEmbedder(groups: ReadonlyArray<readonly string[]>): Embedder {
  return {
    name: 'groups',
    dimensions: groups.length,
    async embed(texts) {
      const out = new Float32Array(texts.length * groups.length);
      texts.forEach((text, i) => {
        groups.forEach((words, g) => {
          if (words.some((w) => text.toLowerCase().includes(w))) out[i * groups.length + g] = 1;
        });
      });
      return out;
    },
  };
}

/** The theme holding reply `id` (the first, when a claim put it in several). */
export const themeWith = (result: ThemeResult, id: string) =>
  result.themes.find((t) => t.replyIds.includes(id))!;

/** Replies `prefix0`, `prefix1`, … with these texts. */
export const replies = (prefix: string, texts: readonly string[]): ThemeInput[] =>
  texts.map((text, i) => ({ id: `${prefix}${i}`, text }));

/**
 * Replies `own` (indexes in `a`) as one theme's members, each whole, and the theme's centroid: the sum of the vectors
 * of `central` (all members by default).
 */
export function asTheme(a: Analysis, own: readonly number[], central: readonly number[] = own) {
  const centroid = new Float32Array(a.space.keys.length);
  for (const r of central) {
    const v = a.replyVectors[r]!;
    for (let j = 0; j < v.idx.length; j++) {
      const f = v.idx[j]!;
      centroid[f] = centroid[f]! + v.val[j]!;
    }
  }
  const members = own.map((r) => ({
    reply: r,
    from: 0,
    to: a.replies[r]!.tokens.length,
    start: 0,
    end: a.replies[r]!.text.length,
    sim: 1,
  }));
  return { centroid, members };
}
