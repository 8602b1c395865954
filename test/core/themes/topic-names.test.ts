import { describe, expect, it } from 'vitest';
import { translateTopicLabel } from '../../../src/core/themes/topic-names.js';

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
