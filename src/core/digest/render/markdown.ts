/** Renders a `Digest` as Markdown (CommonMark + GFM tables): for the digest directory and the CLI. */
import type { CommonGround, Digest, DigestPrompt, DigestTheme } from '../types.js';
import { anythingHidden, Format, splitThemes, tableGroups, tableThemes } from './labels.js';

/**
 * Residents' words never format the page: inline markup (emphasis, links, code, HTML, entities, table
 * pipes) is escaped everywhere, and block markup (headings, lists, quotes) at the start of the text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^([#+\-=!])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

const e = escapeMarkdown;

function themeSection(theme: DigestTheme, prompt: DigestPrompt, weekCount: number, f: Format): string[] {
  const trend = f.trend(theme.trend);
  const lines = [
    `### ${e(theme.label)}${trend ? ` · ${trend}` : ''}`,
    '',
    `${f.themeReplies(theme)}, ${f.people(theme.participants)}`,
    '',
  ];
  for (const quote of theme.quotes) lines.push(`> ${e(quote.text)}`, '');
  if (theme.keywords.length > 0) lines.push(`- ${f.kv(f.t.keywords, theme.keywords.map(e).join(', '))}`);
  const weekly = f.themeWeekly(theme, prompt);
  if (weekCount > 0 && weekly) lines.push(`- ${f.kv(f.t.lastWeeks, weekly)}`);
  if (theme.renamedFrom) lines.push(`- ${f.kv(f.t.renamedFrom, e(theme.renamedFrom))}`);
  lines.push('');
  return lines;
}

/** Theme × group: each theme's share of each group's people (shown groups only). */
function themeTable(prompt: DigestPrompt, themes: DigestTheme[], f: Format): string[] {
  const groups = tableGroups(prompt);
  if (groups.length < 2 || themes.length === 0) return [];
  const { rows, allHidden } = tableThemes(themes, groups);
  const hiddenLine = allHidden.length
    ? [`_${e(f.t.themeTableHidden(allHidden.map((t) => t.label).join(', ')))}_`, '']
    : [];
  if (rows.length === 0) return [`**${e(f.t.themeTable)}**`, '', ...hiddenLine];
  const lines = [
    `**${e(f.t.themeTable)}**`,
    '',
    `| ${f.t.theme} | ${groups.map((g) => e(f.group(g))).join(' | ')} |`,
    `|---|${groups.map(() => '---:').join('|')}|`,
  ];
  for (const theme of rows) {
    const cells = groups.map((g) => {
      const c = theme.byGroup?.find((x) => x.group === g);
      if (!c || c.people === 0) return '–';
      return c.people === null || c.share === null
        ? f.t.hiddenShort
        : `${f.share(c.share)} (${f.n(c.people)})`;
    });
    lines.push(`| ${e(theme.label)} | ${cells.join(' | ')} |`);
  }
  lines.push('', ...hiddenLine);
  return lines;
}

function promptSection(prompt: DigestPrompt, weekCount: number, f: Format): string[] {
  const lines = [
    `## ${e(prompt.promptText)}`,
    '',
    `${f.replies(prompt.replies)} · ${f.people(prompt.participants)} · ${f.n(prompt.unthemed)} ${f.t.unthemed}`,
    '',
  ];
  if (prompt.themes.length === 0) lines.push(`_${f.t.noThemes}_`, '');
  const { shown, minor } = splitThemes(prompt.themes);
  for (const theme of shown) lines.push(...themeSection(theme, prompt, weekCount, f));
  const also = f.alsoMentioned(minor, (t) => e(t.label));
  if (also) lines.push(also, '');
  if (prompt.gone?.length) {
    lines.push(`**${f.t.gone}**`, '');
    for (const g of prompt.gone) lines.push(`- ${e(g.label)} (${f.weekly(g.history, 0)})`);
    lines.push('');
  }
  const quiet = f.quiet(prompt, (q) => e(q.label));
  if (quiet) lines.push(quiet, '');
  lines.push(...themeTable(prompt, shown, f));
  return lines;
}

function commonGroundSection(items: CommonGround[], f: Format): string[] {
  if (items.length === 0) return [];
  const lines = [`## ${f.t.commonGround}`, '', e(f.t.commonGroundIntro), ''];
  items.forEach((c, i) => {
    lines.push(`${i + 1}. **${e(c.label)}**${f.t.colon}${e(f.raised(c))}.`);
    const hidden = f.hiddenGroups(c);
    if (hidden) lines.push(`   ${e(hidden)}.`);
    for (const s of c.shares) {
      if (s.quote) lines.push(`   - ${e(f.group(s.group))}${f.t.colon}${f.t.quoted(e(s.quote))}`);
    }
  });
  lines.push('');
  return lines;
}

export function renderDigestMarkdown(digest: Digest): string {
  const f = new Format(digest);
  const { t } = f;
  const p = digest.participation;
  const lines = [`# ${t.title} · ${e(digest.organization)}`, '', e(f.period()), ''];
  const revision = f.revision();
  if (revision) lines.push(`_${e(revision)}_`, '');
  lines.push(`## ${t.participation}`, '', `- ${f.participation()}`);
  const anonymous = f.anonymous();
  if (anonymous) lines.push(`- ${e(anonymous)}`);
  lines.push('');
  if (p.byChannel.length > 0) {
    lines.push(`| ${t.channel} | ${t.participants} | ${t.replies} |`, '|---|---:|---:|');
    for (const row of p.byChannel) {
      lines.push(`| ${e(f.channel(row.channel))} | ${f.count(row.participants)} | ${f.count(row.replies)} |`);
    }
    lines.push('');
  }
  if (p.byGroup.length > 0) {
    lines.push(`| ${t.group} | ${t.participants} | ${t.replies} |`, '|---|---:|---:|');
    for (const row of p.byGroup) {
      lines.push(`| ${e(f.group(row.group))} | ${f.count(row.participants)} | ${f.count(row.replies)} |`);
    }
    lines.push('');
  }
  lines.push(...commonGroundSection(digest.commonGround, f));
  if (digest.prompts.length === 0) lines.push(`_${t.noReplies}_`, '');
  for (const prompt of digest.prompts) lines.push(...promptSection(prompt, digest.weeks.length, f));
  if (digest.weeks.length > 0)
    lines.push(`_${t.howToRead}${t.colon}${e(t.trendHelp(digest.weeks.length))}_`, '');
  if (anythingHidden(digest)) lines.push(`_${e(t.privacy)}_`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}
