import { describe, expect, it } from 'vitest';
import { findThemes, minThemeReplies } from '../../../src/core/themes/find-themes.js';
import { PLACEHOLDER } from '../../../src/core/themes/text.js';
import type { ThemeInput, ThemeResult } from '../../../src/core/themes/types.js';
import { corpus, groupEmbedder, NOISE, purity, shuffled } from './fixtures.js';

const COMPOUND = 'Fix the potholes on Elm Road, add more buses at night, and build affordable housing';

function conversation(): Array<ThemeInput & { topic: string }> {
  return [
    ...corpus('both'),
    ...NOISE.map((text, i) => ({ id: `n${i}`, text, topic: 'noise' })),
    { id: 'c1', text: COMPOUND, topic: 'compound' },
  ];
}

/** Every reply id is themed or unthemed, never both, and never lost. */
function expectAccounted(result: ThemeResult, ids: readonly string[]): void {
  const themed = new Set(result.themes.flatMap((t) => t.replyIds));
  for (const id of result.unthemed) expect(themed.has(id)).toBe(false);
  expect(new Set([...themed, ...result.unthemed])).toEqual(new Set(ids));
}

/** A stored model of English themes, as a previous run leaves it with its digest. */
function modelOf(
  ...themes: Array<{ key: string; label: string; terms: Array<[string, number]> }>
): NonNullable<ThemeResult['model']> {
  return { version: 1, themes: themes.map((t) => ({ ...t, labels: { en: t.label } })) };
}

const themeOf = (result: ThemeResult, id: string) => result.themes.filter((t) => t.replyIds.includes(id));

describe('findThemes', () => {
  it('handles 0, 1 and 3 replies; a reply of placeholders only is unthemed', async () => {
    expect(await findThemes([])).toEqual({ themes: [], unthemed: [] });
    const one = await findThemes([{ id: 'a', text: 'More buses at night' }]);
    expectAccounted(one, ['a']);
    const three = await findThemes([
      { id: 'a', text: 'The bus is late' },
      { id: 'b', text: 'the bus is always late' },
      { id: 'c', text: '[phone]' },
    ]);
    expectAccounted(three, ['a', 'b', 'c']);
    expect(three.unthemed).toContain('c');
  });

  it('finds the topics of a community conversation, each theme about one of them', async () => {
    const replies = conversation();
    const result = await findThemes(replies);
    expectAccounted(
      result,
      replies.map((r) => r.id),
    );
    const topics = new Map(replies.map((r) => [r.id, r.topic]));
    const plain = result.themes.map((t) => ({ replyIds: t.replyIds.filter((id) => id !== 'c1') }));
    expect(purity(plain, topics)).toBeGreaterThanOrEqual(0.9);
    expect(result.themes.map((t) => t.key).sort()).toEqual([
      'housing',
      'parking',
      'parks-recreation',
      'roads',
      'transit',
    ]);
    expect(result.themes.map((t) => t.id)).toEqual(result.themes.map((_, i) => `t${i + 1}`));
  });

  it('puts a compound reply in each theme it raises, quoting the claim that placed it there', async () => {
    const result = await findThemes(conversation());
    expect(
      themeOf(result, 'c1')
        .map((t) => t.key)
        .sort(),
    ).toEqual(['housing', 'roads', 'transit']);
    const transit = result.themes.find((t) => t.key === 'transit')!;
    const claims = transit.claims.filter((c) => c.replyId === 'c1').map((c) => c.text);
    expect(claims).toEqual(['add more buses at night']);
    // People count once per theme, however many of their claims it holds.
    expect(transit.replyIds.filter((id) => id === 'c1')).toHaveLength(1);
  });

  it('adds no theme for a claim that shares no word with other replies, only a topic term', async () => {
    // "the subway" names transit, but no other reply writes "subway": the claim is near the transit theme by the
    // lexicon's topic alone, which is a mention in passing, not a second subject.
    const replies = [
      ...conversation(),
      { id: 'c2', text: 'Fix the potholes on Elm Road, and the subway', topic: 'roads' },
    ];
    const result = await findThemes(replies);
    expect(themeOf(result, 'c2').map((t) => t.key)).toEqual(['roads']);
    const loose = await findThemes(replies, { cluster: { claimWords: 0 } });
    expect(
      themeOf(loose, 'c2')
        .map((t) => t.key)
        .sort(),
    ).toEqual(['roads', 'transit']);
  });

  it('puts a reply that misspells its topic’s word in that topic’s theme', async () => {
    const replies = [...conversation(), { id: 'm1', text: 'We need cheaper appartments' }];
    const housing = (r: ThemeResult) => r.themes.find((t) => t.key === 'housing')!.replyIds;
    expect(housing(await findThemes(replies))).toContain('m1');
    expect(housing(await findThemes(replies, { features: { spelling: 0 } }))).not.toContain('m1');
  });

  it('leaves off-topic replies unthemed and reports them', async () => {
    const result = await findThemes(conversation());
    expect(result.unthemed.sort()).toEqual(['n0', 'n1', 'n2', 'n3']);
  });

  it('never lets the town name hold or label a theme, without being told the name', async () => {
    // Half the replies name the town, across every topic; a few name it and nothing else.
    const replies = [
      ...conversation(),
      { id: 'town1', text: 'Maple Falls!' },
      { id: 'town2', text: 'I love Maple Falls, Maple Falls forever' },
      { id: 'town3', text: 'Maple Falls is the best' },
    ];
    const result = await findThemes(replies);
    for (const t of result.themes) {
      expect(`${t.label} ${t.keywords.join(' ')}`).not.toMatch(/maple|falls/iu);
    }
    expect(result.unthemed).toEqual(expect.arrayContaining(['town1', 'town2', 'town3']));
  });

  it('takes a county written several ways as one name running through the conversation', async () => {
    // Each way of writing it stays inside one topic; together they run through four.
    const tails: Record<string, string> = {
      transit: ' in Warren County',
      housing: ' across Warren Co',
      parks: ' for all of Warren county',
      traffic: ' in Warren Co.',
    };
    const seen = new Map<string, number>();
    const replies = corpus('en').map((r) => {
      const k = seen.get(r.topic) ?? 0;
      seen.set(r.topic, k + 1);
      return k < 4 && tails[r.topic] ? { ...r, text: r.text + tails[r.topic] } : r;
    });
    const result = await findThemes(replies);
    for (const t of result.themes)
      expect(`${t.label} ${t.keywords.join(' ')}`).not.toMatch(/warren|\bco\b/iu);
  });

  it('brings English and French replies on one topic into one theme, labelled in both languages', async () => {
    const result = await findThemes(conversation());
    const housing = result.themes.find((t) => t.key === 'housing')!;
    const transit = result.themes.find((t) => t.key === 'transit')!;
    const french = corpus('both').filter((r) => Number(r.id.slice(1)) >= 32);
    for (const r of french) expect([housing, transit].some((t) => t.replyIds.includes(r.id))).toBe(true);
    expect(housing.labels.en).toBeDefined();
    expect(housing.labels.fr).toBeDefined();
    expect(housing.label).toBe(`${housing.labels.en} / ${housing.labels.fr}`);
    expect(transit.labels.fr).toMatch(/transport|autobus/iu);
  });

  it('labels French themes in French', async () => {
    const result = await findThemes(corpus('fr'));
    expect(result.themes.length).toBeGreaterThan(0);
    for (const t of result.themes) {
      expect(t.labels.en).toBeUndefined();
      expect(t.label).toBe(t.labels.fr);
    }
  });

  it('gives distinct labels: never a placeholder, a generic word, the town or a place name alone', async () => {
    const replies = [
      ...conversation(),
      { id: 'p1', text: 'Call me at [phone] about the bus' },
      { id: 'p2', text: '[name] says the bus is late' },
    ];
    const result = await findThemes(replies);
    const labels = result.themes.map((t) => t.label.toLowerCase());
    expect(new Set(labels).size).toBe(labels.length);
    for (const t of result.themes) {
      expect(t.label).not.toMatch(PLACEHOLDER);
      expect(t.label).not.toMatch(/^(needs?|lots?|new|more|better|people|things?)$/iu);
      expect(t.label).not.toMatch(/^elm road$/iu);
    }
    // A place most of a theme's replies name makes its label specific.
    expect(result.themes.find((t) => t.key === 'roads')!.label).toMatch(/Elm Road/u);
  });

  it('names a theme in its members’ words when a topic they name in passing is not what they talk about', async () => {
    // Asked about housing, residents on rent against pay: they name "wages" and "salaries" (jobs), but what they
    // all write is "rent"; "Jobs and work" would tell a facilitator the wrong story.
    const rentAndPay = [
      'Rent should not rise faster than wages',
      'Salaries are too low to pay the rent',
      'Freeze the rent until pay catches up',
      'Tie rent increases to wages',
      'My rent takes half my salary',
      'Rent is too high for people on low wages',
    ].map((text, i) => ({ id: `w${i}`, text }));
    const others = corpus('en').filter((r) => r.topic !== 'housing');
    const result = await findThemes([...others, ...rentAndPay], {
      question: 'How can housing be made affordable?',
    });
    const theme = result.themes.find((t) => t.replyIds.includes('w0'))!;
    expect(theme.replyIds.filter((id) => id.startsWith('w')).length).toBeGreaterThanOrEqual(5);
    expect(theme.label).toMatch(/rent/iu);
    expect(theme.label).not.toMatch(/jobs/iu);
  });

  it('gives a part of a topic its own theme when residents write about it apart, in words of its own', async () => {
    // Taxes are one lexicon topic; tax fraud is a subject of its own (offshore accounts, cheats), not the tax burden.
    const fairness = [
      'Income tax is too heavy on the middle class',
      'Lower the income tax for working families',
      'Property tax keeps going up every year',
      'The middle class pays too much tax',
      'Taxes on working families should be lower',
      'Cut the property tax for retired homeowners',
      'Income tax rates should be fairer',
      'Working families carry the tax burden',
    ].map((text, i) => ({ id: `f${i}`, text }));
    const fraud = [
      'Go after tax fraud and offshore accounts',
      'Tax fraud by the wealthy costs billions, close the offshore accounts',
      'Punish fraud: cheats hide money in offshore accounts',
      'Fraud and offshore tax havens should be a crime',
      'Stop the tax cheats and their offshore accounts, fraud is theft',
      'Billions lost to fraud in offshore accounts every year',
    ].map((text, i) => ({ id: `x${i}`, text }));
    const result = await findThemes([...corpus('en'), ...fairness, ...fraud]);
    const theme = result.themes.find((t) => t.replyIds.includes('x0'))!;
    expect(theme.replyIds.filter((id) => id.startsWith('x')).length).toBeGreaterThanOrEqual(5);
    expect(theme.replyIds.filter((id) => id.startsWith('f'))).toEqual([]);
    const taxes = result.themes.find((t) => t.replyIds.includes('f0'))!;
    expect(taxes).not.toBe(theme);
    expect(taxes.replyIds.filter((id) => id.startsWith('x')).length).toBeLessThanOrEqual(2);
  });

  it('gives every topic enough replies name a theme, even more topics than the usual number of themes', async () => {
    // 10 topics of 3 replies: more than the 8 themes 30 replies usually get. The last two topics' replies share
    // no word, only their topic.
    const topics: Record<string, string[]> = {
      housing: [
        'Rent is too high for young families',
        'Landlords ignore repairs',
        'We need affordable housing',
      ],
      homelessness: [
        'More shelter beds in winter',
        'Help the homeless find shelter',
        'Homeless people need support',
      ],
      transit: ['The bus should run on Sundays', 'A bus to the hospital', 'Light rail to the airport road'],
      'air-travel': [
        'Cheaper flights from the airport',
        'Airport noise at night',
        'More flights to the capital',
      ],
      parking: ['Free parking near the clinic', 'Parking downtown is hard', 'Parking meters cost too much'],
      'walking-cycling': [
        'Fix the sidewalk on Oak',
        'Bike lanes to the school',
        'Safer crosswalk by the mall',
      ],
      'parks-recreation': ['A new playground', 'Keep the park clean', 'Open the swimming pool longer'],
      culture: ['A bigger public library', 'Live music in the square', 'Support local artists'],
      heritage: ['Protect the historic courthouse', 'Our heritage deserves care', 'Restore the war memorial'],
      'tourism-events': [
        'A summer festival for everyone',
        'Attract more tourists',
        'A new hotel by the lake',
      ],
    };
    const inputs = Object.entries(topics).flatMap(([topic, texts]) =>
      texts.map((text, i) => ({ id: `${topic}-${i}`, text })),
    );
    const result = await findThemes(inputs);
    for (const topic of ['heritage', 'tourism-events']) {
      const theme = result.themes.find((t) => t.key === topic);
      expect(theme?.replyIds.sort()).toEqual([`${topic}-0`, `${topic}-1`, `${topic}-2`]);
    }
  });

  it('merges a word’s theme into a close theme only once its replies no longer stand apart', async () => {
    // Every fraud reply also writes "tax", so its theme's centroid is near the taxes theme's; merging close themes
    // (here from a cosine of 0.3) would fold the subject back into its topic.
    const burden = [
      'Income tax is too heavy on the middle class',
      'Lower the income tax for working families',
      'Property tax keeps going up every year',
      'The middle class pays too much tax',
      'Taxes on working families should be lower',
      'Cut the property tax for retired homeowners',
      'Income tax rates should be fairer',
      'Working families carry the tax burden',
      'Sales tax hurts people on low incomes',
      'Raise the tax on the richest households',
      'Seniors cannot afford the property tax',
      'The tax code is too complicated',
      'Fair taxes for everyone, rich and poor',
      'A lower sales tax on groceries',
      'Tax relief for young families',
    ].map((text, i) => ({ id: `f${i}`, text }));
    const fraud = [
      'Go after tax fraud and offshore accounts',
      'Tax fraud by the wealthy costs billions, close the offshore accounts',
      'Punish tax fraud: cheats hide money in offshore accounts',
      'Tax fraud and offshore tax havens should be a crime',
      'Stop the tax cheats and their offshore accounts, tax fraud is theft',
      'Billions in taxes lost to fraud in offshore accounts every year',
    ].map((text, i) => ({ id: `x${i}`, text }));
    const replies = [...corpus('en'), ...burden, ...fraud];
    const fraudTheme = (result: ThemeResult) => themeOf(result, 'x0')[0]!;
    const apart = await findThemes(replies, { cluster: { mergeSimilarity: 0.3 } });
    expect(fraudTheme(apart).replyIds.filter((id) => /^x\d$/.test(id))).toHaveLength(6);
    expect(fraudTheme(apart).replyIds.filter((id) => /^f\d+$/.test(id))).toEqual([]);
    const merged = await findThemes(replies, { cluster: { mergeSimilarity: 0.3, mergeApart: false } });
    expect(fraudTheme(merged).replyIds.filter((id) => /^f\d+$/.test(id)).length).toBeGreaterThan(5);
  });

  it('names a broad topic by the members’ phrase when they talk about a narrow slice of it', async () => {
    // "Trade and international affairs" is what "foreign" and "overseas" belong to; the members talk about foreign
    // investors buying homes.
    const foreign = [
      'Stop foreign investors buying existing homes',
      'Foreign investors push house prices up',
      'Overseas buyers outbid local families',
      'Ban foreign investors from the housing market',
      'Overseas money drives up house prices',
      'Foreign buyers should pay a higher stamp duty',
    ].map((text, i) => ({ id: `f${i}`, text }));
    const others = corpus('en').filter((r) => r.topic !== 'housing');
    const result = await findThemes([...others, ...foreign]);
    const theme = result.themes.find((t) => t.replyIds.includes('f0'))!;
    expect(theme.replyIds.filter((id) => id.startsWith('f')).length).toBeGreaterThanOrEqual(5);
    expect(theme.label).toMatch(/^Foreign (investors|buyers)$/u);
  });

  it('names a French theme by the members’ phrase, never by a lone word, when the topic’s name does not fit', async () => {
    // As in English: they name "salaires" (jobs), but what they all write is the rise of rents.
    const rents = [
      'La hausse des loyers dépasse celle des salaires',
      'Bloquer la hausse des loyers tant que les salaires stagnent',
      'Les salaires sont trop bas face à la hausse des loyers',
      'Indexer les loyers sur les salaires',
      'Mon loyer prend la moitié de mon salaire',
      'La hausse des loyers est insupportable avec un petit salaire',
    ].map((text, i) => ({ id: `l${i}`, text }));
    const others = corpus('fr').filter((r) => r.topic !== 'housing');
    const result = await findThemes([...others, ...rents], {
      question: 'Comment rendre le logement abordable ?',
    });
    const theme = result.themes.find((t) => t.replyIds.includes('l0'))!;
    expect(theme.replyIds.filter((id) => id.startsWith('l')).length).toBeGreaterThanOrEqual(5);
    expect(theme.label).toBe('Hausse des loyers');
  });

  it('never labels a theme by a shell noun alone, nor by a topic named only inside a place’s name', async () => {
    const programs = [
      'More wellness programs at work',
      'Fitness programs for seniors at the rec center',
      'Health programs in every school',
      'Nutrition programs for families',
      'Mental health programs for teenagers',
      'Free health screenings and programs',
    ].map((text, i) => ({ id: `p${i}`, text }));
    const cave = [
      'Lost River Cave should host concerts',
      'More hiking trails at Lost River Cave',
      'Lost River Cave is a gem',
      'Protect the trails at Lost River Cave',
    ].map((text, i) => ({ id: `c${i}`, text }));
    const result = await findThemes([...corpus('en'), ...programs, ...cave]);
    for (const t of result.themes) expect(t.label).not.toMatch(/^programs?$/iu);
    const health = result.themes.find((t) => t.replyIds.includes('p0'))!;
    expect(health.label).toMatch(/health|wellness/iu);
    const caveTheme = result.themes.find((t) => t.replyIds.includes('c0'))!;
    // "River" is in the cave's name, not what its replies are about.
    expect(caveTheme.label).toMatch(/^Parks and recreation/u);
  });

  it('makes a topic specific by a place, never by a people', async () => {
    const newcomers = [
      'Immigration is pushing NZers out of the market',
      'NZers cannot compete with high immigration',
      'Limit immigration so young NZers can buy',
      'Reduce immigration now',
      'Immigration levels are far too high',
    ].map((text, i) => ({ id: `m${i}`, text }));
    const result = await findThemes([...corpus('en'), ...newcomers]);
    const theme = result.themes.find((t) => t.replyIds.includes('m0'))!;
    expect(theme.label).toMatch(/immigration/iu);
    expect(theme.label).not.toMatch(/NZers/u);
  });

  it('labels a theme by what its members talk about, not by the verb they all use', async () => {
    const preserve = [
      'We must preserve green space',
      'We should preserve green space',
      'Please preserve the green space',
      'We need to preserve our history',
      'Let us preserve what we have',
      'We will preserve it for our grandchildren',
    ].map((text, i) => ({ id: `v${i}`, text }));
    const result = await findThemes([...corpus('en'), ...preserve], { features: { conceptWeight: 0 } });
    const theme = result.themes.find((t) => t.replyIds.includes('v0'))!;
    expect(theme.label).toBe('Green space');
    // A word that takes an object is a verb too ("connecting the trails").
    const connect = [
      'Connecting the greenway trails would help',
      'Keep connecting the greenway trails',
      'Connecting our schools with greenway trails',
      'Connecting the river to the rest of us',
      'Connecting them all is key',
      'Connecting the old mills and the new ones',
    ].map((text, i) => ({ id: `k${i}`, text }));
    const other = await findThemes([...corpus('en'), ...connect], { features: { conceptWeight: 0 } });
    expect(other.themes.find((t) => t.replyIds.includes('k0'))!.label).toBe('Greenway trails');
  });

  it('quotes 1–3 members, each about the theme, without near-duplicates', async () => {
    const replies = [
      ...conversation(),
      { id: 'd1', text: 'There is never any parking downtown on Saturdays!!' },
      { id: 'd2', text: 'there is never any parking downtown on saturdays' },
    ];
    const byId = new Map(replies.map((r) => [r.id, r.text]));
    const result = await findThemes(replies);
    for (const t of result.themes) {
      expect(t.quotes.length).toBeGreaterThanOrEqual(1);
      expect(t.quotes.length).toBeLessThanOrEqual(3);
      for (const q of t.quotes) {
        expect(t.replyIds).toContain(q.replyId);
        expect(byId.get(q.replyId)).toContain(q.text);
      }
    }
    const parking = result.themes.find((t) => t.key === 'parking')!;
    const saturdays = parking.quotes.filter((q) => /never any parking downtown on saturdays/iu.test(q.text));
    expect(saturdays.length).toBeLessThanOrEqual(1);
    for (const q of parking.quotes) expect(q.text).toMatch(/parking/iu);
  });

  it('counts distinct participants', async () => {
    const replies = conversation().map((r, i) => ({ ...r, participantId: `p${i % 3}` }));
    const result = await findThemes(replies);
    for (const t of result.themes) expect(t.participants).toBe(Math.min(3, t.replyIds.length));
  });

  it('gives the same themes, labels and quotes for the same replies in any order', async () => {
    const replies = conversation();
    const reference = await findThemes(replies);
    for (const seed of [1, 2, 3]) expect(await findThemes(shuffled(replies, seed))).toEqual(reference);
    const forced = await findThemes(replies, { themes: 4 });
    expect(await findThemes(shuffled(replies, 9), { themes: 4 })).toEqual(forced);
  });

  it('keeps its themes when a few unrelated replies are added', async () => {
    const replies = conversation();
    const before = await findThemes(replies);
    const after = await findThemes([
      ...replies,
      { id: 'x1', text: 'How do I reset my router password?' },
      { id: 'x2', text: 'Best pizza recipe with a cast iron pan' },
    ]);
    for (const t of before.themes) {
      const same = after.themes.find((u) => u.key === t.key)!;
      expect(same.replyIds.filter((id) => !id.startsWith('x')).sort()).toEqual([...t.replyIds].sort());
    }
    expect(after.unthemed).toEqual(expect.arrayContaining(['x1', 'x2']));
  });

  it('background words from the operator and the question make no theme', async () => {
    const replies = conversation();
    const told = await findThemes(replies, {
      backgroundWords: ['Elm Road'],
      question: 'What about parking?',
    });
    for (const t of told.themes) expect(`${t.label} ${t.keywords.join(' ')}`).not.toMatch(/elm|parking/iu);
  });

  it('forces a number of themes, and refuses one the replies cannot make', async () => {
    const replies = conversation();
    for (const k of [1, 3, 8]) expect((await findThemes(replies, { themes: k })).themes).toHaveLength(k);
    for (const k of [0, -1, 2.5, replies.length + 1]) {
      await expect(findThemes(replies, { themes: k })).rejects.toMatchObject({ code: 'input_invalid' });
    }
  });

  it('reports progress from 0 to 100 %, in order', async () => {
    const calls: number[] = [];
    await findThemes(conversation(), { onProgress: (done, total) => calls.push(done / total) });
    expect(calls[0]).toBe(0);
    expect(calls.at(-1)).toBe(1);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });

  it('lets a plugged-in sentence model bring in replies that share no word with their theme', async () => {
    const replies: ThemeInput[] = [
      { id: 's1', text: 'Winter shelter beds fill up by November' },
      { id: 's2', text: 'A shelter open all day for the homeless' },
      { id: 's3', text: 'More homeless shelter beds downtown' },
      { id: 's4', text: 'Nobody should sleep without a roof over their head' },
      { id: 's5', text: 'A roof for everyone before the cold comes' },
      ...corpus('en'),
    ];
    const words = await findThemes(replies);
    expect(words.unthemed).toEqual(expect.arrayContaining(['s4', 's5']));
    const embedder = groupEmbedder([
      ['shelter', 'roof', 'homeless'],
      ['bus', 'train', 'transit'],
      ['park'],
      ['rent', 'housing'],
    ]);
    const model = await findThemes(replies, { embedder });
    expect(themeOf(model, 's1')[0]!.replyIds).toEqual(expect.arrayContaining(['s1', 's2', 's3', 's4', 's5']));
  });

  it('starts from a previous run’s model: its themes keep their key and name, new topics still appear', async () => {
    const first = await findThemes(conversation());
    const model = JSON.parse(JSON.stringify(first.model)) as NonNullable<ThemeResult['model']>;
    expect(model.themes.map((t) => t.key)).toEqual(first.themes.map((t) => t.key));
    // A later week: the same topics in other words, and a new one (snow removal).
    const later: ThemeInput[] = [
      { id: 'w1', text: 'The bus never comes on time' },
      { id: 'w2', text: 'We need buses on Sunday' },
      { id: 'w3', text: 'More trains to the city' },
      { id: 'w4', text: 'Rent is too expensive for students' },
      { id: 'w5', text: 'Our landlord raised the rent' },
      { id: 'w6', text: 'Affordable apartments near the college' },
      { id: 'w7', text: 'Snow plows never clear our street' },
      { id: 'w8', text: 'Snow removal on side streets is too slow' },
      { id: 'w9', text: 'Nobody clears the snow from the sidewalks' },
    ];
    const second = await findThemes(later, { model });
    const byKey = new Map(second.themes.map((t) => [t.key, t]));
    const before = new Map(first.themes.map((t) => [t.key, t]));
    for (const key of ['transit', 'housing']) {
      expect(byKey.get(key)!.labels.en).toBe(before.get(key)!.labels.en);
    }
    expect(byKey.get('transit')!.replyIds.sort()).toEqual(['w1', 'w2', 'w3']);
    expect(second.themes.some((t) => t.replyIds.includes('w7') && t.replyIds.includes('w8'))).toBe(true);
  });

  it('renames a carried theme whose topic name its replies no longer name, keeping its key', async () => {
    // Week 1 named the theme after trade; its replies are now about investment in local firms.
    const model = modelOf({
      key: 'economy',
      label: 'Trade and international affairs',
      terms: [
        ['invest', 0.6],
        ['firm', 0.5],
        ['@economy', 0.4],
      ],
    });
    const later: ThemeInput[] = [
      { id: 'i1', text: 'Invest in local firms and factories' },
      { id: 'i2', text: 'More investment in small firms downtown' },
      { id: 'i3', text: 'Firms here need investment to hire' },
      { id: 'i4', text: 'Public investment in new firms' },
      ...corpus('both').slice(0, 20),
    ];
    const second = await findThemes(later, { model });
    const carried = second.themes.find((t) => t.key === 'economy')!;
    expect(carried.replyIds).toEqual(expect.arrayContaining(['i1', 'i2', 'i3', 'i4']));
    expect(carried.labels.en).not.toBe('Trade and international affairs');
    // A topic name its replies do name stays, though the run alone would call them "Firms and investment".
    const named = structuredClone(model);
    named.themes[0]!.label = 'Economy and industry';
    named.themes[0]!.labels = { en: 'Economy and industry' };
    const kept = (await findThemes(later, { model: named })).themes.find((t) => t.key === 'economy')!;
    expect(kept.labels.en).toBe('Economy and industry');
  });

  it('renames a carried theme whose replies no longer write its phrase name, keeping its key', async () => {
    const model = modelOf({ key: 'lanterns', label: 'Winter evenings', terms: [['lantern', 0.8]] });
    const lanterns = (third: string): ThemeInput[] => [
      ...corpus('en'),
      { id: 'l1', text: 'Paper lanterns on every porch' },
      { id: 'l2', text: 'Paper lanterns in every window' },
      { id: 'l3', text: third },
    ];
    const carried = async (inputs: ThemeInput[]) =>
      (await findThemes(inputs, { model })).themes.find((t) => t.key === 'lanterns')!;
    const renamed = await carried(lanterns('Paper lanterns along the river path'));
    expect(renamed.replyIds.sort()).toEqual(['l1', 'l2', 'l3']);
    expect(renamed.labels.en).toBe('Paper lanterns');
    // A phrase a quarter of them still write stays, though the run alone would call them something else.
    expect((await carried(lanterns('Paper lanterns for the winter evenings'))).labels.en).toBe(
      'Winter evenings',
    );
  });

  it('starts a carried theme from its topic’s replies this week, not from its first members’ words', async () => {
    // Week 1's parks theme was three replies on the riverside; its topic is now raised in many other words.
    const model = modelOf(
      {
        key: 'parks-recreation',
        label: 'Parks and recreation — Lost River Cave',
        terms: [
          ['riversid', 0.8],
          ['river', 0.5],
        ],
      },
      {
        key: 'roads',
        label: 'Roads and traffic — Elm Road',
        terms: [
          ['@roads', 0.6],
          ['traffic', 0.5],
        ],
      },
    );
    const later: ThemeInput[] = [
      ...corpus('en'),
      { id: 'e1', text: 'Bring new industry to grow the economy' },
      { id: 'e2', text: 'The economy needs new factories and industry' },
      { id: 'e3', text: 'Attract industry and investment to the economy of the region' },
    ];
    const parks = corpus('en')
      .filter((r) => r.topic === 'parks')
      .map((r) => r.id);
    const result = await findThemes(later, { model });
    const carried = result.themes.find((t) => t.key === 'parks-recreation');
    expect(carried?.replyIds.sort()).toEqual(parks);
    // The topic's name stays, the place its members no longer name goes; a place still named stays.
    expect(carried?.labels.en).toBe('Parks and recreation');
    expect(result.themes.find((t) => t.key === 'roads')?.labels.en).toBe('Roads and traffic — Elm Road');
    // From the stored centroid alone, the riverside theme held too few replies and the topic had no theme.
    const drifted = await findThemes(later, { model, anchor: false });
    expect(drifted.themes.some((t) => t.key === 'parks-recreation')).toBe(false);
  });

  it('starts a carried word theme from the replies holding its word when no seed of this run stands for it', async () => {
    // Last week's "lanterns" theme took in a dissolved theme's rent replies; this week only two replies about
    // lanterns name no topic, too few for the shared words to seed it again.
    const model = modelOf({
      key: 'lanterns',
      label: 'Lanterns',
      terms: [
        ['rent', 0.8],
        ['landlord', 0.4],
        ['lantern', 0.3],
      ],
    });
    const later: ThemeInput[] = [
      ...corpus('en'),
      { id: 'l1', text: 'Paper lanterns on every porch' },
      { id: 'l2', text: 'Paper lanterns in every window' },
      { id: 'l3', text: 'Paper lanterns along Elm Road' },
      { id: 'l4', text: 'Paper lanterns by the bus shelters' },
    ];
    const result = await findThemes(later, { model });
    const carried = result.themes.find((t) => t.key === 'lanterns');
    expect(carried?.replyIds.sort()).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect(carried?.labels.en).toBe('Lanterns');
    expect(themeOf(result, 'l1').map((t) => t.key)).toEqual(['lanterns']);
  });

  it('keeps a carried theme that replies joining it loosely would dissolve in a fresh run', async () => {
    const model = modelOf({
      key: 'lanterns',
      label: 'Lanterns',
      terms: [
        ['lantern', 0.8],
        ['paper', 0.5],
      ],
    });
    // Five replies share one word each with the lantern replies: no word holds half of the nine.
    const inputs: ThemeInput[] = [
      'Paper lanterns on every porch',
      'Paper lanterns in every window',
      'Paper lanterns along the creek',
      'Paper lanterns by the old mill',
      'Paint the porch blue',
      'Wash the window panes',
      'Clean the creek banks',
      'Restore the old mill wheel',
      'Lights on the porch and window',
    ].map((text, i) => ({ id: `r${i}`, text }));
    expect((await findThemes(inputs)).themes).toEqual([]);
    const carried = (await findThemes(inputs, { model })).themes.find((t) => t.key === 'lanterns');
    expect(carried?.replyIds).toEqual(expect.arrayContaining(['r0', 'r1', 'r2', 'r3']));
  });
});

describe('minThemeReplies', () => {
  it('keeps the minimum of a round-sized set when a few late replies come', () => {
    expect(minThemeReplies(40)).toBe(3);
    expect(minThemeReplies(300)).toBe(3);
    // 2 % more replies: the smallest themes must not dissolve for it.
    expect(minThemeReplies(306)).toBe(3);
    expect(minThemeReplies(500)).toBe(5);
    expect(minThemeReplies(510)).toBe(5);
    expect(minThemeReplies(100_000)).toBe(316);
  });
});
