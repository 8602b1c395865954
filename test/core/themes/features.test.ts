import { describe, expect, it } from 'vitest';
import { analyze, Kind } from '../../../src/core/themes/features.js';
import { corpus } from './fixtures.js';

const features = (a: ReturnType<typeof analyze>) =>
  new Set(a.replyVectors.flatMap((v) => [...v.idx].map((f) => a.space.keys[f]!)));

describe('analyze', () => {
  it('takes a name that runs through many topics as background, and keeps a name that belongs to one', () => {
    const a = analyze(corpus('both'));
    // "Maple Falls" is in transit, parking, parks, housing and traffic replies; "Elm Road" only in traffic ones.
    expect(a.background).toContain('maple fall');
    const keys = features(a);
    expect([...keys].some((k) => /mapl|fall/u.test(k))).toBe(false);
    expect(keys.has('elm')).toBe(true);
    expect(a.space.name[a.space.keys.indexOf('elm')]).toBe(1);
  });

  it('takes the county, like the city, as the community itself even where too few replies to measure spread', () => {
    const a = analyze([
      { id: 'c1', text: 'Pine County should run buses to the hospital' },
      { id: 'c2', text: 'The county needs a shared disaster plan' },
      { id: 'c3', text: 'I have lived in this county all my life' },
      { id: 'c4', text: 'Counties around us have better libraries' },
      { id: 'c5', text: 'Le comté devrait ouvrir une bibliothèque' },
    ]);
    const keys = features(a);
    expect([...keys].some((k) => /count|comt/u.test(k))).toBe(false);
  });

  it('names the lexicon topics of each reply, across languages', () => {
    const replies = corpus('both');
    const a = analyze(replies);
    const topicsOf = (id: string) =>
      a.replyConcepts[replies.findIndex((r) => r.id === id)]!.map((c) => a.space.keys[c]);
    expect(topicsOf('r01')).toContain('@transit');
    expect(topicsOf('r38')).toContain('@transit');
    expect(topicsOf('r32')).toContain('@housing');
    expect(topicsOf('r08').sort()).toEqual(['@parking', '@urban-development']);
  });

  it('takes no topic from a word used in another sense', () => {
    const replies = [
      { id: 'f1', text: "Le citoyen fournit encore plus d'énergie et de sacrifices" },
      { id: 'f2', text: 'Vendre des entreprises en bonne santé est une erreur' },
      { id: 'f3', text: 'Nous allons laisser une dette à nos enfants et petits enfants' },
      { id: 'f4', text: 'Je suis prêt à payer plus' },
      { id: 'f5', text: 'Il faut sauver la planète' },
      { id: 'f6', text: 'I hope it can retain its southern hospitality' },
      { id: 'f7', text: 'Développer les énergies renouvelables et le solaire' },
      { id: 'f8', text: 'Un prêt à taux zéro pour les jeunes ménages' },
      { id: 'f9', text: 'Il faut faire des économies dans les administrations' },
      { id: 'f10', text: "Relancer l'économie et l'industrie locales" },
    ];
    const a = analyze(replies);
    const topicsOf = (id: string) =>
      a.replyConcepts[replies.findIndex((r) => r.id === id)]!.map((c) => a.space.keys[c]);
    expect(topicsOf('f1')).not.toContain('@energy');
    expect(topicsOf('f2')).not.toContain('@health');
    expect(topicsOf('f3')).not.toContain('@children-families');
    expect(topicsOf('f3')).toContain('@public-finance');
    expect(topicsOf('f4')).not.toContain('@banking');
    expect(topicsOf('f5')).not.toContain('@air-travel');
    expect(topicsOf('f5')).toContain('@climate-pollution');
    expect(topicsOf('f6')).not.toContain('@health');
    // The same words in their own sense still name the topic.
    expect(topicsOf('f7')).toContain('@energy');
    expect(topicsOf('f8')).toContain('@banking');
    // The French plural is savings ("faire des économies"), the singular the economy.
    expect(topicsOf('f9')).not.toContain('@economy');
    expect(topicsOf('f10')).toContain('@economy');
  });

  it('keeps a topic a third of the replies raise as a topic, in words of its own', () => {
    // One week's replies: 12 of 30 on taxes, each in other words; the rest on parks, buses and schools.
    const taxes = [
      'Property taxes went up again',
      'Lower the tax on small shops',
      'Fair taxation for retirees',
      'Income tax is too high for families',
    ];
    const others = ['More benches in the park', 'Buses every ten minutes', 'Smaller classes at school'];
    const replies = Array.from({ length: 30 }, (_, i) => ({
      id: `w${i}`,
      text: i < 12 ? taxes[i % taxes.length]! : others[i % others.length]!,
    }));
    const a = analyze(replies);
    expect(a.background).not.toContain('@taxes');
    expect(features(a).has('@taxes')).toBe(true);
  });

  it('takes words in a third and topics in half of the replies as the question’s subject', () => {
    const replies = Array.from({ length: 30 }, (_, i) => ({
      id: `h${i}`,
      text: [
        'Housing rents are too high',
        'Housing near transit',
        'Housing for seniors',
        'Housing costs',
        'Housing',
      ][i % 5]!,
    }));
    const a = analyze(replies);
    expect(features(a).has('hous')).toBe(false);
    expect(a.background).toContain('@housing');
    expect(features(a).has('@transit')).toBe(true);
  });

  it('leaves the lexicon out of text that is no civic talk', () => {
    const replies = Array.from({ length: 40 }, (_, i) => ({
      id: `q${i}`,
      text: i % 10 === 0 ? 'Resize an image in the browser' : `Null pointer in Java method ${i % 4}`,
    }));
    const a = analyze(replies);
    expect(a.replyConcepts.every((c) => c.length === 0)).toBe(true);
    expect(
      a.space.kind.filter((k, f) => k === Kind.Concept && a.replyVectors.some((v) => v.idx.includes(f))),
    ).toEqual([]);
  });

  it('splits replies into claims with their own vectors', () => {
    const a = analyze([{ id: 'c', text: 'Fix the potholes on Elm Road, add more buses at night' }]);
    expect(a.claims.map((c) => a.replies[0]!.text.slice(c.start, c.end))).toEqual([
      'Fix the potholes on Elm Road',
      'add more buses at night',
    ]);
  });

  it('takes no name by case in a reply written in capitals, and keeps acronyms in ordinary text', () => {
    const replies = [
      { id: 's1', text: 'NOUS DEVONS ÉQUIPER TOUS LES TOITS DE PANNEAUX SOLAIRES' },
      { id: 's2', text: 'WE NEED MORE BUSES ON SCOTTSVILLE ROAD. Please!' },
      { id: 's3', text: 'The EPA should clean the river' },
    ];
    const a = analyze(replies);
    expect([...a.replies[0]!.named]).toEqual(a.replies[0]!.tokens.map(() => 0));
    expect([...a.replies[1]!.named]).toEqual(a.replies[1]!.tokens.map(() => 0));
    expect(a.replies[2]!.named[1]).toBe(1);
    // As before, without it.
    const cased = analyze(replies, { shouting: false });
    expect(cased.replies[0]!.named.some((x) => x === 1)).toBe(true);
  });

  it('reads a misspelled lexicon word as meant, so the reply names its topic', () => {
    const replies = [
      { id: 'm1', text: 'The goverment must protect the enviroment' },
      { id: 'm2', text: 'Il y a trop de pollusion en ville' },
    ];
    const topicsOf = (a: ReturnType<typeof analyze>, i: number) =>
      a.replyConcepts[i]!.map((c) => a.space.keys[c]).sort();
    const a = analyze(replies);
    expect(topicsOf(a, 0)).toEqual(['@climate-pollution', '@democracy']);
    expect(topicsOf(a, 1)).toEqual(['@climate-pollution']);
    const plain = analyze(replies, { spelling: 0 });
    expect(topicsOf(plain, 0)).toEqual([]);
    expect(topicsOf(plain, 1)).toEqual([]);
  });

  describe('French options', () => {
    const topicsOf = (a: ReturnType<typeof analyze>, i: number) =>
      a.replyConcepts[i]!.map((c) => a.space.keys[c]);

    it('drops French function words written without accents, missing from the stopwords, or adverbs', () => {
      const replies = [
        { id: 'a', text: 'Ca prend des parcs partout pis rapidement' },
        { id: 'b', text: 'Ca prend des pistes cyclables partout pis rapidement' },
      ];
      const off = features(analyze(replies, { frenchFunctionWords: false }));
      expect(['ca', 'partout', 'pis', 'rapid'].every((k) => off.has(k))).toBe(true);
      const on = features(analyze(replies));
      expect(['ca', 'partout', 'pis', 'rapid'].some((k) => on.has(k))).toBe(false);
    });

    it('keys a French plural Snowball leaves apart as its singular', () => {
      const replies = [
        { id: 'a', text: 'Créer des emplois dans les usines' },
        { id: 'b', text: 'Un emploi pour chaque jeune' },
      ];
      expect(features(analyze(replies, { frenchPlurals: false })).has('emploi')).toBe(false);
      expect(features(analyze(replies)).has('emploi')).toBe(true);
    });

    it('pairs the nouns of a French compound across its preposition and article', () => {
      const replies = [
        { id: 'a', text: "Rétablir l'impôt sur la fortune" },
        { id: 'b', text: 'Un impôt sur la fortune plus juste' },
      ];
      const pairs = (a: ReturnType<typeof analyze>) =>
        a.space.keys.filter((_k, f) => a.space.kind[f] === Kind.Pair && a.replyVectors[0]!.idx.includes(f));
      expect(pairs(analyze(replies, { frenchPairs: false }))).toEqual([]);
      const a = analyze(replies);
      expect(pairs(a)).toEqual(['impot fortun']);
      expect(a.space.surface[a.space.keys.indexOf('impot fortun')]).toBe('impôt sur la fortune');
    });

    it('names topics by the French counterparts of English terms, and not by French terms broader than them', () => {
      const replies = [
        { id: 'a', text: "Plus d'épiceries de quartier et des sentiers" },
        { id: 'b', text: "Nos enfants partent travailler à l'étranger" },
        { id: 'c', text: "L'État doit montrer l'exemple" },
        { id: 'd', text: 'Une défense européenne' },
      ];
      const off = analyze(replies, { frenchTerms: false });
      const on = analyze(replies);
      expect(topicsOf(off, 0)).not.toContain('@shops-business');
      expect(topicsOf(on, 0)).toEqual(expect.arrayContaining(['@shops-business', '@parks-recreation']));
      expect(topicsOf(off, 1)).toContain('@immigration');
      expect(topicsOf(on, 1)).not.toContain('@immigration');
      expect(topicsOf(off, 2)).toContain('@public-finance');
      expect(topicsOf(on, 2)).toEqual([]);
      expect(topicsOf(off, 3)).toContain('@world-trade');
      expect(topicsOf(on, 3)).not.toContain('@world-trade');
    });
  });
});
