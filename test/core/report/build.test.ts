import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/core/digest/build.js';
import { quoteId } from '../../../src/core/digest/edits.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { buildForumReport, type ReportReply } from '../../../src/core/report/build.js';
import { renderForumReportHtml } from '../../../src/core/report/render-html.js';
import { PROMPT_TEXTS, ruleThemer, WEEK1, WEEK2, WEEK3, week1, week2, week3 } from '../digest/fixtures.js';

async function campaign(): Promise<{ digests: Digest[]; replies: ReportReply[] }> {
  const weeks = [
    { period: WEEK1, replies: week1() },
    { period: WEEK2, replies: week2() },
    { period: WEEK3, replies: week3() },
  ];
  const digests: Digest[] = [];
  for (const [i, w] of weeks.entries()) {
    digests.push(
      await buildDigest({
        period: w.period,
        replies: w.replies,
        history: weeks.slice(0, i),
        promptTexts: PROMPT_TEXTS,
        organization: 'Test org',
        language: 'en',
        themer: ruleThemer,
        seed: digests.at(-1),
        previous: digests.at(-1),
      }),
    );
  }
  const replies = weeks.flatMap((w) =>
    w.replies.map((r) => ({
      id: r.id,
      text: r.text,
      group: r.group,
      channel: r.channel,
      participantId: r.participantId,
    })),
  );
  return { digests, replies };
}

const input = async (language: 'en' | 'fr' = 'en') => ({
  organization: 'Riverside',
  language,
  timezone: 'America/Toronto',
  from: '2026-11-02',
  to: '2026-11-22',
  ...(await campaign()),
  groupNames: { parent: 'Parents', youth: 'Youth', senior: 'Seniors' },
  generatedAt: new Date('2026-11-23T12:00:00Z'),
});

describe('forum report', () => {
  it('gathers each theme across the weeks by key, with weekly counts and a trend', async () => {
    const report = buildForumReport(await input());
    expect(report.weeks.map((w) => w.from)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    const themes = report.prompts.flatMap((p) => p.themes);
    const bus = themes.find((t) => /bus/.test(t.label))!;
    expect(bus.perWeek).toEqual([4, 5, 10]);
    expect(bus.replies).toBe(19);
    // Twice the replies, in a week with nearly three times as many: its share held.
    expect(bus.trend).toBe('steady');
    const snow = themes.find((t) => t.quotes.some((q) => /Snow/.test(q)))!;
    expect(snow.perWeek[0]).toBe(0);
    expect(report.participation.replies).toBe(report.weeks.reduce((s, w) => s + w.replies, 0));
  });

  it('counts theme × group as shares of each group’s people, hiding small groups and small cells', async () => {
    const report = buildForumReport(await input());
    // Seniors: 3 people in all, never shown.
    expect(report.groups.map((g) => g.id).sort()).toEqual(['parent', 'youth']);
    expect(report.participation.hiddenGroups).toBe(1);
    const bus = report.prompts.flatMap((p) => p.themes).find((t) => /bus/.test(t.label))!;
    const parent = bus.byGroup.parent!;
    expect(parent.people).toBeGreaterThanOrEqual(5);
    expect(parent.share).toBeCloseTo(parent.people! / report.groups.find((g) => g.id === 'parent')!.people);
    for (const theme of report.prompts.flatMap((p) => p.themes)) {
      for (const c of Object.values(theme.byGroup)) {
        if (c.people !== null) expect(c.people === 0 || c.people >= 5).toBe(true);
        if (c.people === null) expect(c.share).toBeNull();
      }
    }
  });

  it('lists common ground only for comparable shares of several groups, one quote from each group', async () => {
    const report = buildForumReport(await input());
    for (const entry of report.commonGround) {
      expect(entry.groups.length).toBeGreaterThanOrEqual(2);
      const shares = entry.groups.map((g) => g.share);
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(Math.max(...shares) / 3);
    }
  });

  it('never prints a hidden quote', async () => {
    const base = await input();
    const quote = base.digests[2]!.prompts[0]!.themes[0]!.quotes[0]!.text;
    const report = buildForumReport({ ...base, hiddenQuotes: new Set([quoteId(quote)]) });
    const html = renderForumReportHtml(report);
    expect(html).not.toContain(quote);
  });

  it('renders in French with no English heading, numbers and dates the French way', async () => {
    const html = renderForumReportHtml(buildForumReport(await input('fr')));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Ce que nous avons entendu');
    expect(html).toContain('Terrain d’entente');
    expect(html).toMatch(/2 nov\. 2026/);
    for (const english of [
      'What we heard',
      'Common ground',
      'Replies per week',
      'fewer than 5',
      'Who took part',
    ]) {
      expect(html).not.toContain(english);
    }
  });

  it('shows a resident’s markup as text', async () => {
    const base = await input();
    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)>';
    base.digests[2]!.prompts[0]!.themes[0]!.quotes[0]!.text = hostile;
    base.digests[2]!.prompts[0]!.themes[0]!.label = hostile;
    const html = renderForumReportHtml(buildForumReport(base));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('has print styles and charts that name themselves', async () => {
    const html = renderForumReportHtml(buildForumReport(await input()));
    expect(html).toContain('@media print');
    expect(html).toContain('@page{size:A4');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-title-\d+"/);
    expect(html).toContain('class="heatmap"');
    expect(html).not.toContain('<script');
  });
});
