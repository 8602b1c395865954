import { describe, expect, it } from 'vitest';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { saysWhoOnly } from '../../../src/core/themes/self-statements.js';
import { corpus } from './fixtures.js';

describe('saysWhoOnly', () => {
  it('tell a statement of who the writer is from an opinion or an observation', () => {
    for (const who of [
      'My household income is less than $100,000',
      'I am 55 years of age or older',
      'I have dependents',
      'I live in a town',
      "I'm a renter.",
      "J'ai deux enfants",
      'Je suis retraitée',
      'I am retired',
      'I have two kids',
      "J'ai 45 ans",
      'Je suis au chômage',
      'Je suis à la retraite',
      'Je suis née en 1950',
      'Je suis mère de deux enfants',
      "J'étais infirmière",
    ])
      expect(saysWhoOnly(who), who).toBe(true);
    for (const opinion of [
      'My dream is to have a music venue downtown',
      'I have noticed more traffic on the bypass',
      "J'ai vu des déchets partout dans le parc",
      'I live in a town where the rent is too high',
      'I live on Elm Street and cars speed past every day',
      'My street is dangerous at night',
      'Mon quartier est sale',
      "I'm a senior. We need more buses.",
      'An average household income should be enough to buy a house',
      'I am still waiting for the bus shelter we were promised',
      'I was charged twice for parking downtown',
      'I am unable to get to the clinic without a car',
      "I'm not sure the new bike lanes are safe",
      'I am unsure what inclusive means',
      'I have a pothole in front of my house',
      'I had to move out because of the rent',
      'Je suis toujours en attente de la navette promise',
      'Je suis allé trois fois à la mairie',
      'Je suis obligé de prendre la voiture',
      'Je suis pour la suppression des péages',
      "Je suis d'accord avec la taxe carbone",
      'Je suis choquée par les prix',
      'Je suis en colère',
    ])
      expect(saysWhoOnly(opinion), opinion).toBe(false);
  });
});

describe('replies that only say who their writer is', () => {
  const profile = [
    'I live in a town',
    'I live in a rural area',
    'I am under 30 years of age',
    'I am 55 years of age or older',
    'I have dependents',
    'My household income is less than $50,000',
    'I live in rented accommodation',
  ].map((text, i) => ({ id: `p${i}`, text }));

  it('are one theme of their own in a civic set, named for the participants, holding nothing else', async () => {
    const result = await findThemes([...corpus('en'), ...profile]);
    const theme = result.themes.find((t) => t.key === 'participants');
    expect(theme?.label).toBe('About the participants');
    expect([...theme!.replyIds].sort()).toEqual(profile.map((p) => p.id).sort());
    // Their words tie them to no subject: "rented" and "income" join no rent or income theme.
    for (const t of result.themes)
      if (t !== theme) expect(t.replyIds.some((id) => id.startsWith('p'))).toBe(false);
  });

  it('are left among the other replies when asked not to set them apart', async () => {
    const result = await findThemes([...corpus('en'), ...profile], { features: { participants: false } });
    expect(result.themes.some((t) => t.key === 'participants')).toBe(false);
  });
});
