import { describe, expect, it } from 'vitest';
import { CONCEPTS } from '../../../src/core/themes/lexicon.js';
import { namedTopic, translateTopicLabel } from '../../../src/core/themes/topic-names.js';

describe('translateTopicLabel', () => {
  it('says a topic’s name in the other language, with its place or telling keyword kept', () => {
    expect(translateTopicLabel('Housing', 'en', 'fr')).toBe('Logement');
    expect(translateTopicLabel('Routes et circulation', 'fr', 'en')).toBe('Roads and traffic');
    expect(translateTopicLabel('Roads and traffic — Elm Road', 'en', 'fr')).toBe(
      'Routes et circulation — Elm Road',
    );
    expect(translateTopicLabel('Housing (rent)', 'en', 'fr')).toBe('Logement (rent)');
  });

  it('leaves members’ own words as they wrote them', () => {
    expect(translateTopicLabel('Foreign investors', 'en', 'fr')).toBeUndefined();
    expect(translateTopicLabel('Hausse des loyers', 'fr', 'en')).toBeUndefined();
  });
});

describe('namedTopic', () => {
  const housing = CONCEPTS.findIndex((c) => c.en === 'Housing');
  it('finds the topic a label names, in either language, with a place or a telling keyword after it', () => {
    expect(housing).toBeGreaterThanOrEqual(0);
    for (const label of ['Housing', 'Logement', 'Housing — Elm Road', 'Logement (loyers)'])
      expect(namedTopic(label)).toBe(housing);
    expect(namedTopic('Logement', 'en')).toBe(-1);
  });

  it('finds none in members’ own words, even when they start with a topic’s name', () => {
    expect(namedTopic('Affordable housing')).toBe(-1);
    expect(namedTopic('Housing costs')).toBe(-1);
  });
});
