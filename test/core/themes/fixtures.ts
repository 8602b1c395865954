/** Small corpora and a tiny word-vector table, so theme tests run in milliseconds without the 145 MB cache. */
import { WordVectorEmbedder } from '../../../src/core/themes/embedder.js';
import type { ThemeInput } from '../../../src/core/themes/types.js';
import { wordVectorsFromMap } from '../../../src/core/themes/word-vectors.js';

const axis = (i: number, noise = 0): number[] =>
  Array.from({ length: 8 }, (_, d) => (d === i ? 1 : 0) + (d === (i + 3) % 8 ? noise : 0));

/** Transit words share one direction, parks another, housing a third. */
export const tinyVectors = wordVectorsFromMap({
  bus: axis(0, 0.1),
  buses: axis(0, 0.12),
  metro: axis(0, 0.2),
  transit: axis(0, 0.15),
  train: axis(0, 0.18),
  park: axis(1, 0.1),
  parks: axis(1, 0.1),
  playground: axis(1, 0.2),
  trees: axis(1, 0.3),
  rent: axis(2, 0.1),
  housing: axis(2, 0.15),
  apartment: axis(2, 0.2),
  landlord: axis(2, 0.25),
});

export const tinyEmbedder = (): WordVectorEmbedder => new WordVectorEmbedder(tinyVectors, 'tiny');

const EN: Array<[string, string]> = [
  ['bus', 'The bus comes too late in the morning'],
  ['bus', 'More buses on the 12 line please, the bus is always full'],
  ['bus', 'The bus schedule is unreliable on weekends'],
  ['bus', 'Bus drivers are kind but the bus is late'],
  ['bus', 'A later bus schedule on Sundays'],
  ['bus', 'the bus schedule changed and nobody told us'],
  ['park', 'The park needs more trees and shade'],
  ['park', 'Clean up the park playground, there is broken glass'],
  ['park', 'Our park playground is too small for the kids'],
  ['park', 'Keep the park open later in summer'],
  ['park', 'The park playground needs new swings'],
  ['park', 'More benches in the park for seniors'],
  ['rent', 'Rent went up again, rent is too high for families'],
  ['rent', 'My landlord raised the rent by 15 percent'],
  ['rent', 'Rent control now, the rent is too high'],
  ['rent', 'Affordable rent for seniors, please call [phone]'],
  ['rent', 'The rent increase forced my neighbour [name] to move'],
  ['rent', 'rent is too high in this neighbourhood'],
];

const FR: Array<[string, string]> = [
  ['logement', 'Le loyer est trop cher pour les familles du quartier'],
  ['logement', 'Mon propriétaire a augmenté le loyer encore une fois'],
  ['logement', 'Les loyers trop chers poussent les jeunes à partir'],
  ['logement', 'Il faut plus de logements sociaux, le loyer est trop cher'],
  ['logement', 'Le loyer trop cher, impossible de rester ici'],
  ['transport', "L'autobus passe trop rarement le soir"],
  ['transport', "Plus d'autobus le dimanche, l'autobus est toujours plein"],
  ['transport', "L'horaire de l'autobus n'est jamais respecté"],
  ['transport', 'Un autobus de nuit pour les travailleurs'],
  ['transport', "L'autobus est en retard tous les matins"],
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
