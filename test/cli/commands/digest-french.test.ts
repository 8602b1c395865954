/**
 * French end to end: French replies imported, themed by the real engine, `voices digest --language fr` in HTML,
 * Markdown, Slack and Discord; no English word is left except in residents' own words. Then every part a digest can
 * have (revision, gone themes, common ground with a hidden group, replies without a participant, hidden counts),
 * with no resident's English word at all, so every French template is checked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigest } from '../../../src/cli/commands/digest.js';
import { type CliContext, openCliContext } from '../../../src/cli/context.js';
import { buildDigest } from '../../../src/core/digest/build.js';
import { localizeDigest } from '../../../src/core/digest/localize.js';
import { renderDigestEmbeds } from '../../../src/core/digest/render/discord-embeds.js';
import { renderDigestHtml } from '../../../src/core/digest/render/html.js';
import { renderDigestMarkdown } from '../../../src/core/digest/render/markdown.js';
import { renderDigestSlack } from '../../../src/core/digest/render/slack-blocks.js';
import { engineThemer } from '../../../src/core/digest/themer.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { GROUP_NAMES, PROMPT_TEXTS, week3Input } from '../../core/digest/fixtures.js';
import { englishWordsIn, visibleHtmlText } from '../../helpers/english-words.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';

const FRENCH_SET = resolve(import.meta.dirname, '../../../../shared/datasets/community-fr-topics.csv');
const NOW = new Date('2026-11-23T15:00:00Z');

/** Every text a reader sees in each destination's rendering. */
function renderings(digest: Digest): Record<string, string> {
  const slack = renderDigestSlack(digest)
    .flatMap((m) => [
      m.text,
      ...m.blocks.flatMap((b) =>
        b.type === 'header' || b.type === 'section'
          ? [b.text.text]
          : b.type === 'context'
            ? b.elements.map((e) => e.text)
            : [],
      ),
    ])
    .join('\n');
  const discord = renderDigestEmbeds(digest)
    .flatMap((m) =>
      m.embeds.flatMap((e) => [
        e.title ?? '',
        e.description ?? '',
        e.footer?.text ?? '',
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      ]),
    )
    .join('\n');
  return {
    html: visibleHtmlText(renderDigestHtml(digest)),
    markdown: renderDigestMarkdown(digest),
    slack: slack.replace(/&lt;|&gt;|&amp;/g, ' '),
    discord,
  };
}

/** Residents' own words in a digest: quotes and keywords (theirs, whatever language they wrote in). */
function residentsWords(digest: Digest): Set<string> {
  const texts = [
    ...digest.prompts.flatMap((p) =>
      p.themes.flatMap((t) => [...t.quotes.map((q) => q.text), ...t.keywords]),
    ),
    ...digest.commonGround.flatMap((c) => c.shares.map((s) => s.quote ?? '')),
  ];
  return new Set(englishWordsIn(texts.join(' ')));
}

describe('a French digest, end to end', () => {
  let dir: string;
  let ctx: CliContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-digest-fr-'));
    // The organization's default language is English: only --language makes it French.
    ctx = await openCliContext({
      VOICES_DB: join(dir, 'v.db'),
      VOICES_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      ORG_NAME: 'Centre communautaire Riverain',
      TIMEZONE: 'America/Toronto',
      DEFAULT_LANGUAGE: 'en',
    });
    const rows = parse(readFileSync(FRENCH_SET), { columns: true }) as Array<{ id: string; text: string }>;
    const weekStart = [
      new Date('2026-11-02T14:00:00Z'),
      new Date('2026-11-09T14:00:00Z'),
      new Date('2026-11-16T14:00:00Z'),
    ];
    await ctx.store.insertImported(
      rows.map((row, i) => ({
        participantId: null,
        promptId: 'noticed',
        isFollowUp: false,
        text: row.text,
        channel: 'offline',
        language: 'fr',
        // Two large groups, a group of 3 (hidden), some rows without a group.
        group: i % 10 === 9 ? null : i < 3 ? 'youth' : i % 2 === 0 ? 'parent' : 'senior',
        receivedAt: new Date(weekStart[i % 3]!.getTime() + (i % 97) * 3_600_000),
        source: 'imported' as const,
        importKey: `fr-${row.id}`,
        // Three rows were written without a participant column.
        authorId: i % 100 === 7 ? null : `person-${i}`,
      })),
    );
  });

  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in HTML, Markdown, Slack and Discord, with no English word but residents’ own', async () => {
    const runs = new Map<string, string>();
    let digest: Digest | undefined;
    for (const format of ['html', 'md', 'slack', 'discord'] as const) {
      const run = await runDigest(ctx, { format, language: 'fr' }, { themer: engineThemer, now: NOW });
      runs.set(format, run.output);
      digest = run.digest;
    }
    expect(digest!.language).toBe('fr');
    expect(digest!.prompts[0]!.themes.length).toBeGreaterThan(3);
    const allowed = residentsWords(digest!);
    const rendered = renderings(digest!);
    expect(runs.get('md')).toBe(rendered.markdown);
    expect(runs.get('html')).toContain('<html lang="fr">');
    for (const [format, text] of Object.entries(rendered)) {
      const english = englishWordsIn(text).filter((w) => !allowed.has(w));
      expect({ format, english }).toEqual({ format, english: [] });
      expect(text).toContain('Synthèse de la semaine');
    }
    expect(rendered.markdown).toContain('16–22 novembre 2026');
    expect(rendered.markdown).toContain('Notes hors ligne');
    expect(rendered.markdown).toContain('Parent ou proche aidant');
    expect(rendered.markdown).toContain('| Jeune (moins de 25 ans) | masqué pour la confidentialité |');
    expect(rendered.markdown).toContain('réponse importée n’a pas de colonne de participant');
  }, 120_000);
});

describe('every part of a digest in French', () => {
  it('has no English word', async () => {
    const built = await buildDigest({ ...week3Input(), language: 'fr' });
    const digest: Digest = structuredClone(built);
    const prompt = digest.prompts[0]!;
    const french = ['Autobus en retard', 'Parcs et bancs', 'Loyers en hausse', 'Déneigement'];
    prompt.themes.forEach((t, i) => {
      t.label = french[i] ?? 'Autre thème';
      t.labels = { fr: t.label };
      t.quotes = [{ text: 'On attend toujours l’autobus au coin de la rue.' }];
      t.keywords = ['autobus', 'attente'];
    });
    // Two themes of fewer than 3 replies without a trend word: named in one line, not given a section.
    for (const [key, label, replies] of [
      ['noticed:trottoirs', 'Trottoirs glacés', 1],
      ['noticed:jardins', 'Jardins communautaires', 2],
    ] as const) {
      prompt.themes.push({
        ...structuredClone(prompt.themes[0]!),
        key,
        label,
        labels: { fr: label },
        replies,
        participants: null,
        trend: null,
        history: [0, 0],
        byGroup: [],
        groups: [],
      });
    }
    prompt.gone = [
      {
        key: 'noticed:gone',
        label: 'Travaux de voirie',
        labels: { fr: 'Travaux de voirie' },
        history: [6, 7],
      },
    ];
    digest.commonGround = [
      {
        themeKey: prompt.themes[0]!.key,
        label: 'Autobus en retard',
        promptId: 'noticed',
        groups: ['parent', 'youth'],
        shares: [
          { group: 'parent', people: 6, share: 0.3, quote: 'Les autobus passent trop rarement le soir.' },
          { group: 'youth', people: 5, share: 0.25, quote: 'Il faut plus de circuits vers le cégep.' },
        ],
        of: 3,
        hidden: ['senior'],
      },
    ];
    digest.revision = {
      number: 2,
      revisedAt: '2026-11-30T14:00:00Z',
      addedReplies: 4,
      firstBuiltAt: '2026-11-23T14:00:00Z',
    };
    digest.organization = 'Centre communautaire Riverain';
    for (const [format, text] of Object.entries(renderings(digest))) {
      expect({ format, english: englishWordsIn(text) }).toEqual({ format, english: [] });
    }
    const md = renderDigestMarkdown(digest);
    expect(md).toContain(
      'Révisée le 30 novembre 2026 (+4 réponses depuis la première version du 23 novembre 2026).',
    );
    expect(md).toContain(
      'soulevé dans 2 groupes sur 3 : Parent ou proche aidant 30 % et Jeune (moins de 25 ans) 25 %',
    );
    expect(md).toContain('aussi soulevé par quelques personnes : Aîné (masqué pour la confidentialité)');
    expect(md).toContain('**Plus soulevés cette semaine**');
    expect(md).toContain(
      'Aussi mentionnés, par moins de 3 réponses chacun : Trottoirs glacés, Jardins communautaires',
    );
    expect(md).toContain('Moins de 5 réponses, personnes : masqué pour la confidentialité');
    expect(md).toContain('- Travaux de voirie (6 → 7 → 0)');
    expect(md).toContain(
      'Disparu : soulevé avant (au moins 5 réponses par semaine), pas cette semaine, un silence',
    );
  });

  it('switches a stored English digest to French: prompt texts, group names, topic labels', async () => {
    const english = await buildDigest({ ...week3Input(), language: 'en' });
    english.prompts[0]!.themes[0]!.labels = { en: 'Public transit', fr: 'Transports en commun' };
    const fr = localizeDigest(english, 'fr');
    expect(fr.language).toBe('fr');
    expect(fr.prompts[0]!.promptText).toBe(PROMPT_TEXTS.noticed.fr);
    expect(fr.prompts[0]!.themes[0]!.label).toBe('Transports en commun');
    // A label only in members' English words stays as they wrote it.
    expect(fr.prompts[0]!.themes[1]!.label).toBe(english.prompts[0]!.themes[1]!.label);
    expect(renderDigestMarkdown(fr)).toContain(GROUP_NAMES.parent.fr);
  });
});
