import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/themes/features.js';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { CONCEPTS } from '../../../src/core/themes/lexicon.js';
import { quotedPart, quotesOf, standsAlone } from '../../../src/core/themes/theme-quotes.js';
import { asTheme, corpus, replies, themeWith } from './fixtures.js';

describe('theme quotes', () => {
  it('are members about the theme throughout, judged by the text a facilitator reads', async () => {
    const parking = replies('p', [
      'How did you come up with these questions? They keep asking about parking downtown.',
      'Parking downtown is impossible to find on weekdays',
      'More parking downtown near the shops',
      'The parking garage downtown is always full',
      'Parking downtown costs far too much now',
      'We need cheaper parking downtown for workers',
    ]);
    const result = await findThemes([...corpus('en'), ...parking]);
    const theme = themeWith(result, 'p1');
    expect(theme.quotes).toHaveLength(3);
    expect(theme.quotes.map((q) => q.replyId)).not.toContain('p0');
  });
});

describe('theme quotes of long replies', () => {
  it('show the sentence holding the clause closest to the theme, not the clause alone', async () => {
    const long =
      'We moved here ten years ago and much has changed since then, mostly for the better, I would say. ' +
      'The library closes too early on weekdays, so please open the library on Sundays for students. ' +
      'The schools are good and the parks are clean, and the people are friendly to newcomers like us.';
    const library = replies('g', [
      long,
      'The library should open on Sundays',
      'Longer library hours for students please',
    ]);
    const result = await findThemes([...corpus('en'), ...library]);
    const theme = themeWith(result, 'g1');
    const quote = theme.quotes.find((q) => q.replyId === 'g0');
    expect(quote?.text).toMatch(
      /^The library closes too early on weekdays, so please open the library on Sundays/u,
    );
    expect(long.length).toBeGreaterThan(240);
  });
});

/**
 * French replies added to the corpus as one theme's members, whole, with the theme's centroid: the sum of the vectors
 * of `central` (all of them when not given).
 */
function natureTheme(texts: readonly string[], prefix: string, central?: number) {
  const nature = replies(prefix, texts);
  const inputs = [...corpus('fr'), ...nature];
  const a = analyze(inputs);
  const own = nature.map((r) => inputs.indexOf(r));
  const { centroid, members } = asTheme(a, own, central === undefined ? own : [own[central]!]);
  const concept = CONCEPTS.findIndex((c) => c.id === 'nature');
  const quote = (elsewhere?: Set<string>) =>
    quotesOf(a, members, new Map(), { fr: 'Nature et biodiversité' }, centroid, () => 1, concept, elsewhere);
  return { a, own, concept, ids: nature.map((r) => r.id), quote };
}

describe('theme quotes under a topic’s name', () => {
  it('come from members naming the topic more than any other before one naming another topic as much', () => {
    // The wind-farm reply names the sea (nature) and wind turbines (energy) once each; it is made the most central.
    const { a, own, concept, quote } = natureTheme(
      [
        'Je ne comprends pas pourquoi le parc d’éoliennes en mer est inexistant',
        'Protégeons les forêts et les espèces qui y vivent',
        'Il faut protéger les abeilles et les oiseaux des champs',
        'Les zones humides et la faune disparaissent, protégeons la biodiversité',
      ],
      'n',
      0,
    );
    expect(own.every((r) => a.replyConcepts[r]!.includes(concept))).toBe(true);
    const quotes = quote();
    expect(quotes).toHaveLength(3);
    expect(quotes.map((q) => q.replyId)).not.toContain('n0');
  });
});

describe('theme quotes across themes', () => {
  it('leave out a reply a larger theme quotes while other members can be quoted', () => {
    const { ids: all, quote } = natureTheme(
      [
        'Protégeons les forêts et les espèces qui y vivent',
        'Il faut protéger les abeilles et les oiseaux des champs',
        'Les zones humides et la faune disparaissent, protégeons la biodiversité',
        'Replantons des haies pour les oiseaux et les insectes',
      ],
      'm',
    );
    const replyIds = (elsewhere?: Set<string>) => quote(elsewhere).map((q) => q.replyId);
    const first = replyIds()[0]!;
    const ids = replyIds(new Set([first]));
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain(first);
    // With every member quoted elsewhere, the theme still shows its own.
    expect(replyIds(new Set(all))).toHaveLength(3);
  });
});

describe('theme quotes and who the writer is', () => {
  it('leave out a member who only says who they are while other members say something on the subject', async () => {
    const income = replies('h', [
      'My household income is less than $50,000',
      'An average household income should be enough to buy an average house',
      'Houses should cost no more than three times the household income',
      'Rents take half of a low household income, that is wrong',
      'Household income has not kept up with house prices for years',
    ]);
    // Set apart by the engine (see self-statements.test.ts); here it stays a member, as outside civic sets.
    const result = await findThemes([...corpus('en'), ...income], { features: { participants: false } });
    const theme = themeWith(result, 'h1');
    expect(theme.replyIds).toContain('h0');
    expect(theme.quotes).toHaveLength(3);
    expect(theme.quotes.map((q) => q.replyId)).not.toContain('h0');
  });
});

describe('quotedPart', () => {
  const text = 'Rent is too high. We need buses at night, so that shift workers get home! Thanks.';
  const at = text.indexOf('so that');
  const clause = [at, at + 'so that shift workers get home'.length] as const;
  it('gives the sentence holding a clause, with its end mark', () => {
    expect(quotedPart(text, ...clause, 100)).toBe('We need buses at night, so that shift workers get home!');
  });
  it('gives a sentence leaning on the one before together with it, when both fit', () => {
    const fr = 'Les auto-entrepreneurs utilisent leur nom. En effet cela facilite le travail au noir. Merci.';
    const span = [fr.indexOf('le travail'), fr.indexOf('le travail') + 'le travail au noir'.length] as const;
    expect(quotedPart(fr, ...span, 200)).toBe(
      'Les auto-entrepreneurs utilisent leur nom. En effet cela facilite le travail au noir.',
    );
    expect(quotedPart(fr, ...span, 50)).toBe('En effet cela facilite le travail au noir.');
    const en = 'Buses stop at six. This is why shift workers walk home.';
    expect(quotedPart(en, en.indexOf('shift'), en.length, 200)).toBe(en);
  });

  // A sentence too long to quote whole, as residents of a national consultation write them.
  const engage =
    "Je suis prêt à plus m'engager pour ma santé, ma sécurité et celle des autres, à aider des personnes " +
    'marginales à renouer avec la société, à créer des liens humains dans la société par exemple en aidant des ' +
    "réfugiés à s'intégrer si l'imposition est motivante. L'impôt devrait permettre à chacun d'agir.";
  const span = (whole: string, part: string) =>
    [whole.indexOf(part), whole.indexOf(part) + part.length] as const;
  it('quotes a clause of a long sentence with the sentence’s opening when it is no sentence of its own', () => {
    expect(quotedPart(engage, ...span(engage, 'ma sécurité et celle des autres'), 240)).toBe(
      "Je suis prêt à plus m'engager pour ma santé, ma sécurité et celle des autres…",
    );
    // Its opening up to the clause does not fit either: nothing stands alone.
    expect(
      quotedPart(engage, ...span(engage, 'à créer des liens humains dans la société'), 120),
    ).toBeUndefined();
    expect(quotedPart(text, ...clause, 40)).toBeUndefined();
  });
  it('quotes alone a clause that opens its sentence or reads as one, marking the cut', () => {
    expect(quotedPart(engage, ...span(engage, "Je suis prêt à plus m'engager pour ma santé"), 240)).toBe(
      "Je suis prêt à plus m'engager pour ma santé…",
    );
    const cuts =
      'Au lieu de nous marteler que les voitures polluent, attaquez-vous aux industriels, aux transporteurs, aux ' +
      'compagnies aériennes et maritimes, à toute la pétrochimie qui consomme la plus grande part du pétrole, et ' +
      'aux agriculteurs dont les vieilles machines polluent bien plus que nos voitures de tous les jours.';
    expect(quotedPart(cuts, ...span(cuts, 'attaquez-vous aux industriels'), 240)).toBe(
      '… attaquez-vous aux industriels…',
    );
    const list =
      "Service administratif de l'Éducation nationale : supprimer un quart des postes dans ce service, car il est " +
      'anormal que ces fonctionnaires aient soixante jours de congés par an, soit douze semaines de vacances, ' +
      'quand les infirmières des hôpitaux manquent partout et que les classes débordent dans tout le pays.';
    expect(quotedPart(list, ...span(list, 'supprimer un quart des postes dans ce service'), 240)).toBe(
      '… supprimer un quart des postes dans ce service…',
    );
  });
  it('tells a clause that reads as a sentence from a piece of one, in English and French', () => {
    for (const yes of [
      'il faut réduire les dépenses',
      'on nous dit que tout va bien',
      'nous devons agir',
      'supprimer la taxe d’habitation',
      'attaquez-vous aux industriels',
      'we need more buses at night',
      'fix the potholes on Main Street',
      'stop the trucks on Main Street',
      'increase the bus service at night',
    ])
      expect(standsAlone(yes), yes).toBe(true);
    for (const no of [
      'ma sécurité et celle des autres',
      'quand on nous fait croire que les taxes baissent',
      'mais aussi les travailleurs du monde entier',
      'nous imposant nous, français',
      'ce qui est la première condition de la réussite',
      'peut être par manque de travail',
      'so that shift workers get home',
      'the schools downtown',
      'which would help students',
    ])
      expect(standsAlone(no), no).toBe(false);
  });
});
