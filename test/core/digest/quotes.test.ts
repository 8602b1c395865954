import { describe, expect, it } from 'vitest';
import {
  aboutWords,
  namesByTheirHeads,
  normalizeWord,
  QuoteBook,
  type QuoteCandidate,
} from '../../../src/core/digest/quotes.js';

describe('QuoteBook.pick', () => {
  it('quotes a member when no reply repeats the theme’s words and no central quote is this week’s', () => {
    // Every bus reply says "bus": the word is the conversation's background, so the theme has no keywords, and its
    // label names the topic in other words.
    const about = aboutWords([], ['Public transport']);
    const quotes = new QuoteBook().pick(
      [
        { text: 'The bus is late again on route five', voice: 'p1', central: false },
        { text: 'The bus is late again on route five', voice: 'p2', central: false },
      ],
      about,
      3,
    );
    expect(quotes).toEqual(['The bus is late again on route five']);
  });

  it('prefers replies about the theme to central ones, and central ones to the rest', () => {
    const about = aboutWords(['vape', 'restrict'], ['Restrict vape']);
    const book = () => new QuoteBook();
    const onTopic = { text: 'Ban vape ads on buses please', voice: 'a', central: false };
    const centralOff = { text: 'The library hours are too short', voice: 'b', central: true };
    const other = { text: 'More crosswalks downtown please', voice: 'c', central: false };
    expect(book().pick([centralOff, other, onTopic], about, 3)).toEqual([onTopic.text]);
    expect(book().pick([other, centralOff], aboutWords([], ['Nothing shared']), 3)).toEqual([
      centralOff.text,
    ]);
  });
});

const candidate = (text: string, voice: string): QuoteCandidate => ({ text, voice, central: false });

describe('digest quotes', () => {
  it('meet a word in its singular and plural, however the plural is made', () => {
    expect(normalizeWord('voitures')).toBe(normalizeWord('voiture'));
    expect(normalizeWord('Routes')).toBe(normalizeWord('route'));
    expect(normalizeWord('buses')).toBe(normalizeWord('bus'));
    expect(normalizeWord('écoles')).toBe(normalizeWord('ecole'));
    expect(normalizeWord('taxes')).toBe(normalizeWord('tax'));
  });

  it('are about the label or the core keywords first; one sharing only other keywords comes after', () => {
    const about = aboutWords(
      ['fuel', 'cars', 'vehicles', 'diesel', 'polluting', 'taxes'],
      ['Roads and traffic'],
    );
    const quotes = new QuoteBook().pick(
      [
        // Two keywords, neither the label's nor a core one: about planes and ships, not roads.
        candidate('Raise taxes on polluting cargo ships and planes', 'a'),
        candidate('Every car idling on the ring road at rush hour, every single day', 'b'),
        candidate('Electric vehicle chargers at the supermarket car park', 'c'),
        candidate('Fuel prices keep going up for everyone who drives to work', 'd'),
      ],
      about,
      3,
    );
    expect(quotes).toHaveLength(3);
    expect(quotes.join(' ')).not.toMatch(/planes/u);
  });

  it('are not about a label in members’ words by its modifier alone', () => {
    const about = aboutWords(['transit', 'transit system', 'service', 'trolleys'], ['Public transit']);
    const quotes = new QuoteBook().pick(
      [
        candidate('Constitutional rights training should be required for all public servants.', 'a'),
        candidate('Need local transit service - limited capacity ok.', 'b'),
      ],
      about,
      3,
    );
    expect(quotes).toEqual(['Need local transit service - limited capacity ok.']);
  });

  it('take a label in members’ words as named by its theme’s topic too, and a name among the keywords as no subject', () => {
    const about = aboutWords(
      ['transit', 'Louisville', 'transit system', 'service'],
      ['Public transit'],
      'transit',
    );
    const quotes = new QuoteBook().pick(
      [
        candidate('Maybe BG and Warren County will be unified into one group like Louisville', 'a'),
        candidate(
          'In 2050 I want to see passenger train travel reinstated Louisville to Nashville and beyond.',
          'b',
        ),
        candidate('Need local transit service - limited capacity ok.', 'c'),
      ],
      about,
      3,
    );
    expect(quotes).toEqual([
      'Need local transit service - limited capacity ok.',
      'In 2050 I want to see passenger train travel reinstated Louisville to Nashville and beyond.',
    ]);
  });

  it('quote a reply naming two other keywords when none names the label or a core keyword', () => {
    const about = aboutWords(['bus', 'buses', 'routes', 'trolleys', 'service'], ['Public transport']);
    const quotes = new QuoteBook().pick(
      [
        candidate('Add more trolleys with hop on hop off service', 'a'),
        candidate('The library needs longer opening hours on weekends', 'b'),
      ],
      about,
      3,
    );
    expect(quotes).toEqual(['Add more trolleys with hop on hop off service']);
  });
});

describe('quotes under a theme named after a topic', () => {
  it('come from replies naming the topic before replies only sharing a keyword', () => {
    // "coût" is a keyword of the theme (members ask to index pensions on the cost of living), yet a reply on organic
    // food that names only the cost is not about pensions.
    const about = aboutWords(
      ['retraites', 'indexation', 'coût'],
      ['Aînés et retraites', 'Older people and pensions'],
    );
    const quotes = new QuoteBook().pick(
      [
        { text: 'Le bio ne coûte pas plus cher que le reste, il faut le dire', voice: 'a', central: true },
        candidate('Il faut réindexer les pensions sur l’inflation chaque année', 'b'),
      ],
      about,
      1,
    );
    expect(quotes).toEqual(['Il faut réindexer les pensions sur l’inflation chaque année']);
  });

  it('come from replies mostly about the topic before replies naming another topic as much', () => {
    const about = aboutWords(['mers', 'espèces', 'forêts'], ['Nature et biodiversité']);
    const quotes = new QuoteBook().pick(
      [
        {
          text: 'Je ne comprends pas pourquoi le parc d’éoliennes en mer est inexistant',
          voice: 'a',
          central: true,
        },
        candidate('Protégeons les forêts et les espèces qui y vivent encore', 'b'),
      ],
      about,
      1,
    );
    expect(quotes).toEqual(['Protégeons les forêts et les espèces qui y vivent encore']);
  });

  it('do not take a label word in another sense for the topic', () => {
    // "les économies" (savings) is no word of the economy, by the lexicon's idiom; the label's words alone would say it is.
    const about = aboutWords(['entreprises', 'investissements', 'croissance'], ['Économie et industrie']);
    const quotes = new QuoteBook().pick(
      [
        { text: 'Il faut faire des économies sur le train de vie de l’État', voice: 'a', central: true },
        candidate('Aidons les entreprises qui produisent en France à investir', 'b'),
      ],
      about,
      1,
    );
    expect(quotes).toEqual(['Aidons les entreprises qui produisent en France à investir']);
  });
});

describe('digest quotes that would tell the organizer nothing on the subject', () => {
  it('leave out a reply only saying who its writer is while another reply can be quoted', () => {
    const about = aboutWords(['household income', 'average'], ['Household income']);
    const quotes = new QuoteBook().pick(
      [
        { text: 'My household income is less than $100,000', voice: 'a', central: true },
        candidate('An average household income should be enough to buy an average house', 'b'),
        candidate('My household income is $150,000 or greater', 'c'),
      ],
      about,
      3,
    );
    expect(quotes).toEqual(['An average household income should be enough to buy an average house']);
  });

  it('put a reply naming the label’s topic only in passing among another topic’s words after one naming it as much', () => {
    // Water twice, nature once: the reply is about water pollution, as the engine reads its topics.
    const about = aboutWords(['mers', 'espèces', 'forêts'], ['Nature et biodiversité']);
    const quotes = new QuoteBook().pick(
      [
        {
          text: 'Oui: sur la pollution des eaux et en particulier sur les mers et les eaux de baignades.',
          voice: 'a',
          central: true,
        },
        candidate('Il faut protéger les forêts et les rivières', 'b'),
      ],
      about,
      1,
    );
    expect(quotes).toEqual(['Il faut protéger les forêts et les rivières']);
  });

  it('read a name by its head: a street named after a church names no community life', () => {
    expect(namesByTheirHeads('Church Street needs to address the sewage smell')).toBe(
      '       Street needs to address the sewage smell',
    );
    expect(namesByTheirHeads('Whitewater Park will draw tourists')).toBe(
      '           Park will draw tourists',
    );
    const about = aboutWords(['collaboration', 'stories'], ['Community life and volunteering']);
    const quotes = new QuoteBook().pick(
      [
        candidate('Church Street area of downtown needs to address the sewage smell after rainfall.', 'a'),
        candidate('More volunteering days where neighbours meet and help each other', 'b'),
      ],
      about,
      3,
    );
    expect(quotes).toEqual(['More volunteering days where neighbours meet and help each other']);
  });
});
