/** The scrubber on community-style messages: PII gone, the rest of each sentence left exactly as written. */
import { describe, expect, it } from 'vitest';
import { scrub } from '../../../../src/core/privacy/scrub/index.js';

const cases: Array<[string, string]> = [
  // Introduced names, English and French.
  [
    "Hi, I'm Sarah. The bus on Rue Laurier is always late.",
    "Hi, I'm [name]. The bus on Rue Laurier is always late.",
  ],
  [
    'My name is Jean-François Tremblay and I live at 88 rue Saint-Denis app. 4, Montréal H2X 1Y4',
    'My name is [name] and I live at [address], Montréal [postal_code]',
  ],
  [
    "Je m'appelle Marie-Ève Gagnon, mon numéro est 514 555-0199.",
    "Je m'appelle [name], mon numéro est [phone].",
  ],
  [
    'Mon nom est Luc Bergeron, appelez-moi au (438) 555-0123 poste 12.',
    'Mon nom est [name], appelez-moi au [phone].',
  ],
  ['This is Kevin, I live at 4-1234 boul. René-Lévesque Ouest.', 'This is [name], I live at [address].'],
  [
    "Bonjour, c'est Sophie! Le parc La Fontaine est sale.",
    "Bonjour, c'est [name]! Le parc La Fontaine est sale.",
  ],
  ['hi im priya and my number is 416 555 0100', 'hi im [name] and my number is [phone]'],
  [
    'Thanks Ahmed! The food bank on Wellington Street needs volunteers.',
    'Thanks [name]! The food bank on Wellington Street needs volunteers.',
  ],
  // Titles stay, the name after them goes.
  [
    "Ask for Dr. Okafor at St. Michael's Hospital, she was great.",
    "Ask for Dr. [name] at St. Michael's Hospital, she was great.",
  ],
  [
    'Ms. Johnson from the library helped a lot. Mme Roy aussi.',
    'Ms. [name] from the library helped a lot. Mme [name] aussi.',
  ],
  ['Mon voisin M. Gagnon habite au 45 chemin Sainte-Foy.', 'Mon voisin M. [name] habite au [address].'],
  ['Parlez à Mme Lefebvre au 418-555-0175.', 'Parlez à Mme [name] au [phone].'],
  // Names from the lists, with no cue.
  ['Emily and Tom from Hamilton came to the meeting', '[name] and [name] from Hamilton came to the meeting'],
  ['Our daughter Chloe goes to Westmount High School.', 'Our daughter [name] goes to Westmount High School.'],
  ['I asked Fatima Khan about the rent increase.', 'I asked [name] about the rent increase.'],
  ['Jessica said the library closes at 6.', '[name] said the library closes at 6.'],
  ['Contact Linda Nguyen at linda@example.com or 905-555-0111', 'Contact [name] at [email] or [phone]'],
  [
    'My landlord is Mr Smith, his wife Ana Costa is nicer.',
    'My landlord is Mr [name], his wife [name] is nicer.',
  ],
  ["I'm Sarah Connor and this is my neighbour Oksana.", "I'm [name] and this is my neighbour [name]."],
  ['Met Priya, Omar and Li at the park.', 'Met [name], [name] and [name] at the park.'],
  ['Merci à Geneviève et à Karim pour leur aide!', 'Merci à [name] et à [name] pour leur aide!'],
  // Phones: North American with +1 and extensions, UK, French, toll-free.
  ['Call me at +1 (613) 555-0142 ext. 7 after 5pm', 'Call me at [phone] after 5pm'],
  [
    'UK number: +44 20 7946 0958, French: 06 12 34 56 78, Québec: 1-800-555-0199',
    'UK number: [phone], French: [phone], Québec: [phone]',
  ],
  // Addresses.
  [
    'The meeting is at 12 Baker St, Apt 3B on March 3 at 7 pm; bring $20.',
    'The meeting is at [address] on March 3 at 7 pm; bring $20.',
  ],
  [
    'My neighbour Mrs. Patel at 45 Elm Avenue has no heat since 2022-12-01.',
    'My neighbour Mrs. [name] at [address] has no heat since 2022-12-01.',
  ],
  [
    'Le comité se réunit au 1200, boul. René-Lévesque Ouest, bureau 300.',
    'Le comité se réunit au [address].',
  ],
  ["J'habite au 3456 avenue du Parc depuis 10 ans.", "J'habite au [address] depuis 10 ans."],
  ['Envoyez-le au 12, rue de la Gauchetière, Montréal.', 'Envoyez-le au [address], Montréal.'],
  [
    'Write to P.O. Box 1234, Station A or call 1 (800) 555-0100',
    'Write to [address], Station A or call [phone]',
  ],
  ['Send it to 350 Fifth Avenue, New York, NY 10118', 'Send it to [address], New York, NY [postal_code]'],
  [
    'Billing address: Dana White\n  77 Queen Street West\n  Suite 1200\n  Toronto\n  M5H 2N2',
    'Billing address: [name]\n  [address]\n  Toronto\n  [postal_code]',
  ],
  [
    'Met Sarah Tremblay at 88 rue Saint-Denis.\nEmail jo@example.org about the 2024 budget.',
    'Met [name] at [address].\nEmail [email] about the 2024 budget.',
  ],
  [
    'Ship to 5 Elm Road\nHalifax, NS\nCanada 12345\nThanks!',
    'Ship to [address]\nHalifax, NS\nCanada [postal_code]\nThanks!',
  ],
  // Numbers: card (Luhn), SIN (Luhn), SSN, IBAN.
  ['My SIN is 046 454 286 and my card 4111 1111 1111 1111.', 'My SIN is [sin] and my card [card].'],
  ['Mon NAS est 046 454 286, ne le partagez pas.', 'Mon NAS est [sin], ne le partagez pas.'],
  ['SSN 123-45-6789', 'SSN [ssn]'],
  ['My IBAN is GB82 WEST 1234 5698 7654 32', 'My IBAN is [iban]'],
  // Online identifiers.
  ['Server 192.168.0.12 and 2001:db8::ff00:42:8329 are down', 'Server [ip] and [ip] are down'],
  [
    '<@U024BE7LH> can you check? <@!123456789012345678> too, and <@98765432109876543>',
    '[mention] can you check? [mention] too, and [mention]',
  ],
  ['Follow us @voices_bg and see https://example.org/events?id=4.', 'Follow us [handle] and see [url].'],
  ['Email me: sam.lee+city@mail.example.ca', 'Email me: [email]'],
];

// Places, organizations, dates, amounts and street names without a number: organizers need them.
const kept = [
  "I'm tired of the potholes on Main Street.",
  "I'm new here, what is this about?",
  'We walked in Jasper Park last Sunday and it was packed.',
  "St. Michael's Hospital and Centre Jean-Talon are far",
  'I live on Rue Laurier near Parc Jarry.',
  'The 2050 plan for Bowling Green looks good.',
  'In 2050, Bowling Green will have more parks.',
  'Call 911 if needed. Bus 55 stops at Saint-Laurent.',
  'We need 250 000 $ for the new community centre, and 1 500 people signed.',
  'In 2024 the city spent 3 200 000 $ on roads.',
  'Rent went from $1,200 to $1,650 in 2023.',
  'Le marché Jean-Talon est trop cher, et la rue Ontario est dangereuse.',
  'On était 40 personnes au parc Laurier le 12 mai.',
  'The Toronto Public Library is great.',
  'Lots of traffic on Victoria Avenue and Jasper Avenue.',
  'I paid 1 200 $ for rent in June.',
  'Regina and Victoria are nice cities.',
  'Will you come on May 5? The meeting ran from 2019-2021.',
  'The event is on 2024-11-23 at 18:30 in room 204.',
  'We moved to Canada from France and Czech Republic last year.',
  'It was a great collaboration.It helped everyone.',
  'Take route 66 and exit 12, the trip takes 20 minutes.',
  "I'm Canadian and I'm Catholic, I'm sure about this.",
  'Unit 4 of the course was hard. Order #12345 never arrived.',
  'Hi Team, Hello Everyone! Thanks Google for nothing.',
  'Bonjour Montréal! La Ville de Montréal doit agir.',
  'Grace period is too short. Will the city fix it? Hope to see you all!',
  'Bill 96 is a problem for some families; Route 132 is closed between exits 10 and 12.',
  "I'm from Haiti, I'm new to Montréal. Notre-Dame-de-Grâce needs more trees.",
  'Population: 1 780 000 habitants. We raised $12,500 in 2023. Version 2.0.1 is out.',
];

describe('scrub', () => {
  it.each(cases)('scrubs %j', (input, expected) => {
    expect(scrub(input).text).toBe(expected);
  });

  it.each(kept)('keeps %j', (input) => {
    const result = scrub(input);
    expect(result.text).toBe(input);
    expect(result.findings).toEqual([]);
  });

  it('reports typed findings with offsets into the input', () => {
    const input = 'Call Marie at 514-555-0199';
    const { findings } = scrub(input);
    expect(findings).toEqual([
      { type: 'name', start: 5, end: 10 },
      { type: 'phone', start: 14, end: 26 },
    ]);
    expect(findings.map((f) => input.slice(f.start, f.end))).toEqual(['Marie', '514-555-0199']);
  });

  it('leaves an empty or PII-free message untouched', () => {
    expect(scrub('')).toEqual({ text: '', findings: [] });
    expect(scrub('More bike lanes please!')).toEqual({ text: 'More bike lanes please!', findings: [] });
  });

  it('does not take a Luhn-invalid 16-digit number for a card', () => {
    expect(scrub('Order 4111 1111 1111 1112 arrived').findings.map((f) => f.type)).not.toContain('card');
  });
});
