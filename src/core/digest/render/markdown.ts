/** Renders a `Digest` as Markdown (CommonMark + GFM tables): for the digest directory and the CLI. */
import type { Digest, DigestPrompt, DigestTheme } from '../types.js';
import { countText, LABELS, type Labels } from './labels.js';

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

function themeSection(theme: DigestTheme, weekCount: number, t: Labels): string[] {
  const lines = [
    `### ${escapeMarkdown(theme.label)} · ${t.trend[theme.trend]}`,
    '',
    `${theme.replies} ${t.repliesWord}, ${countText(theme.participants, t)} ${t.peopleWord}`,
    '',
  ];
  for (const quote of theme.quotes) lines.push(`> ${escapeMarkdown(quote.text)}`, '');
  if (theme.keywords.length > 0)
    lines.push(`- ${t.keywords}: ${theme.keywords.map(escapeMarkdown).join(', ')}`);
  if (theme.groups.length > 0) lines.push(`- ${t.groups}: ${theme.groups.map(escapeMarkdown).join(', ')}`);
  if (weekCount > 0) lines.push(`- ${t.lastWeeks}: ${[...theme.history, theme.replies].join(' → ')}`);
  lines.push('');
  return lines;
}

function promptSection(prompt: DigestPrompt, weekCount: number, t: Labels): string[] {
  const lines = [
    `## ${escapeMarkdown(prompt.promptText)}`,
    '',
    `${prompt.replies} ${t.repliesWord} · ${countText(prompt.participants, t)} ${t.peopleWord} · ${prompt.unthemed} ${t.unthemed}`,
    '',
  ];
  if (prompt.themes.length === 0) lines.push(`_${t.noThemes}_`, '');
  for (const theme of prompt.themes) lines.push(...themeSection(theme, weekCount, t));
  return lines;
}

export function renderDigestMarkdown(digest: Digest): string {
  const t = LABELS[digest.language];
  const p = digest.participation;
  const lines = [
    `# ${t.title} · ${escapeMarkdown(digest.organization)}`,
    '',
    `${digest.period.from} → ${digest.period.to} (${escapeMarkdown(digest.period.timezone)})`,
    '',
    `## ${t.participation}`,
    '',
    `- ${t.participants}: ${countText(p.participants, t)} (${countText(p.newParticipants, t)} ${t.newParticipants})`,
    `- ${t.replies}: ${p.replies} (${p.unthemedReplies} ${t.unthemed})`,
    '',
  ];
  if (p.byChannel.length > 0) {
    lines.push(`| ${t.channel} | ${t.participants} | ${t.replies} |`, '|---|---:|---:|');
    for (const row of p.byChannel) {
      lines.push(
        `| ${escapeMarkdown(row.channel)} | ${countText(row.participants, t)} | ${countText(row.replies, t)} |`,
      );
    }
    lines.push('');
  }
  if (p.byGroup.length > 0) {
    lines.push(`| ${t.group} | ${t.participants} | ${t.replies} |`, '|---|---:|---:|');
    for (const row of p.byGroup) {
      lines.push(
        `| ${escapeMarkdown(row.group)} | ${countText(row.participants, t)} | ${countText(row.replies, t)} |`,
      );
    }
    lines.push('');
  }
  lines.push(`_${escapeMarkdown(t.privacy)}_`, '');

  if (digest.commonGround.length > 0) {
    lines.push(`## ${t.commonGround}`, '', escapeMarkdown(t.commonGroundIntro), '');
    digest.commonGround.forEach((c, i) => {
      lines.push(
        `${i + 1}. **${escapeMarkdown(c.label)}**: ${c.groups.map(escapeMarkdown).join(', ')} (${t.consensus} ${c.consensus.toFixed(2)})`,
      );
    });
    lines.push('');
  }
  if (digest.prompts.length === 0) lines.push(`_${t.noReplies}_`, '');
  for (const prompt of digest.prompts) lines.push(...promptSection(prompt, digest.weeks.length, t));
  return `${lines.join('\n').trimEnd()}\n`;
}
