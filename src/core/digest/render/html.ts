/**
 * Renders a `Digest` as one self-contained HTML page: inline CSS, inline SVG charts (themes over the
 * last weeks, participation), no script, no external asset (the page's CSP forbids them), every
 * resident's word escaped. Served on the organizers' page and written to the digest directory.
 */
import type { CommonGround, CountCell, Digest, DigestPrompt, DigestTheme } from '../types.js';
import { anythingHidden, Format, isMinorTheme, splitThemes, tableGroups, tableThemes } from './labels.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Colour-blind-safe palette (Okabe–Ito), one colour per charted theme. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const CHART_THEMES = 6;
const W = 640;
const H = 240;
const M = { top: 16, right: 16, bottom: 32, left: 40 };

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

function axes(labels: string[], max: number, x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  for (const v of [0, max / 2, max]) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#555">${Math.round(v)}</text>`,
    );
  }
  labels.forEach((label, i) => {
    parts.push(
      `<text x="${x(i)}" y="${H - 10}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(label)}</text>`,
    );
  });
  return parts.join('');
}

/** Themes charted week by week: not minor ones, nor those whose people count is hidden (their weeks would tell). */
function chartThemes(digest: Digest): DigestTheme[] {
  return digest.prompts
    .flatMap((p) => p.themes)
    .filter((th) => th.participants !== null && !isMinorTheme(th))
    .sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key))
    .slice(0, CHART_THEMES);
}

function weekLabels(digest: Digest, f: Format): string[] {
  return [...digest.weeks.map((w) => f.day(w.label)), f.day(digest.period.from)];
}

function themesChart(digest: Digest, f: Format): string {
  const { t } = f;
  const themes = chartThemes(digest);
  const labels = weekLabels(digest, f);
  const max = niceMax(Math.max(1, ...themes.flatMap((th) => [...th.history, th.replies])));
  const span = Math.max(1, labels.length - 1);
  const x = (i: number) =>
    labels.length === 1 ? (M.left + W - M.right) / 2 : M.left + ((W - M.left - M.right) * i) / span;
  const y = (v: number) => M.top + (H - M.top - M.bottom) * (1 - v / max);
  const series = themes.map((theme, k) => {
    const colour = PALETTE[k % PALETTE.length]!;
    const values = [...theme.history, theme.replies];
    const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const dots = values
      .map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${colour}"/>`)
      .join('');
    return `<g class="series"><title>${escapeHtml(f.kv(theme.label, f.weekly(theme.history, theme.replies)))}</title><polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2.5"/>${dots}</g>`;
  });
  const legend = themes
    .map((theme, k) => {
      const trend = f.trend(theme.trend);
      return `<li><span class="swatch" style="background:${PALETTE[k % PALETTE.length]}"></span>${escapeHtml(theme.label)}${trend ? ` <span class="trend">${escapeHtml(trend)}</span>` : ''}</li>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(t.themesChart)}</figcaption><svg id="themes-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(t.themesChart)}">${axes(labels, max, x, y)}${series.join('')}</svg><ul class="legend">${legend}</ul></figure>`;
}

function participationChart(digest: Digest, f: Format): string {
  const { t } = f;
  const weeks: Array<{ label: string; replies: number; participants: CountCell }> = [
    ...digest.weeks.map((w) => ({ ...w, label: f.day(w.label) })),
    {
      label: f.day(digest.period.from),
      replies: digest.participation.replies,
      participants: digest.participation.participants,
    },
  ];
  const max = niceMax(Math.max(1, ...weeks.map((w) => w.replies)));
  const band = (W - M.left - M.right) / weeks.length;
  const x = (i: number) => M.left + band * (i + 0.5);
  const y = (v: number) => M.top + (H - M.top - M.bottom) * (1 - v / max);
  const bars = weeks
    .map((w, i) => {
      const width = Math.min(48, band * 0.6);
      const top = y(w.replies);
      return `<g class="bar"><title>${escapeHtml(f.kv(w.label, `${f.replies(w.replies)}, ${f.people(w.participants)}`))}</title><rect x="${(x(i) - width / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${(y(0) - top).toFixed(1)}" fill="${i === weeks.length - 1 ? '#0072B2' : '#9ecae1'}"/><text x="${x(i).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="#333">${escapeHtml(f.n(w.replies))}</text></g>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(t.participationChart)}</figcaption><svg id="participation-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(t.participationChart)}">${axes(
    weeks.map((w) => w.label),
    max,
    x,
    y,
  )}${bars}</svg></figure>`;
}

function table(
  head: string,
  rows: Array<{ name: string; participants: CountCell; replies: CountCell }>,
  f: Format,
) {
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td class="n">${escapeHtml(f.count(r.participants))}</td><td class="n">${escapeHtml(f.count(r.replies))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>${escapeHtml(head)}</th><th>${escapeHtml(f.t.participants)}</th><th>${escapeHtml(f.t.replies)}</th></tr></thead><tbody>${body}</tbody></table>`;
}

function themeBlock(theme: DigestTheme, prompt: DigestPrompt, f: Format, weekCount: number): string {
  const { t } = f;
  const quotes = theme.quotes.map((q) => `<blockquote>${escapeHtml(q.text)}</blockquote>`).join('');
  const meta: string[] = [];
  if (theme.keywords.length > 0) meta.push(escapeHtml(f.kv(t.keywords, theme.keywords.join(', '))));
  const weekly = f.themeWeekly(theme, prompt);
  if (weekCount > 0 && weekly) meta.push(escapeHtml(f.kv(t.lastWeeks, weekly)));
  if (theme.renamedFrom) meta.push(escapeHtml(f.kv(t.renamedFrom, theme.renamedFrom)));
  const trend = f.trend(theme.trend);
  const badge = trend ? ` <span class="trend trend-${theme.trend}">${escapeHtml(trend)}</span>` : '';
  return `<section class="theme"><h3>${escapeHtml(theme.label)}${badge}</h3><p class="counts">${escapeHtml(f.themeReplies(theme))}, ${escapeHtml(f.people(theme.participants))}</p>${quotes}<p class="meta">${meta.join(' · ')}</p></section>`;
}

function themeTable(prompt: DigestPrompt, themes: DigestTheme[], f: Format): string {
  const groups = tableGroups(prompt);
  if (groups.length < 2 || themes.length === 0) return '';
  const { rows: shown, allHidden } = tableThemes(themes, groups);
  const hiddenLine = allHidden.length
    ? `<p class="meta hidden-themes">${escapeHtml(f.t.themeTableHidden(allHidden.map((t) => t.label).join(', ')))}</p>`
    : '';
  if (shown.length === 0) return `<h3>${escapeHtml(f.t.themeTable)}</h3>${hiddenLine}`;
  const head = groups.map((g) => `<th>${escapeHtml(f.group(g))}</th>`).join('');
  const rows = shown
    .map((theme) => {
      const cells = groups
        .map((g) => {
          const c = theme.byGroup?.find((x) => x.group === g);
          if (!c || c.people === 0) return '<td class="n">–</td>';
          if (c.people === null || c.share === null)
            return `<td class="n hidden">${escapeHtml(f.t.hiddenShort)}</td>`;
          return `<td class="n">${escapeHtml(f.share(c.share))} <span class="meta">(${escapeHtml(f.n(c.people))})</span></td>`;
        })
        .join('');
      return `<tr><td>${escapeHtml(theme.label)}</td>${cells}</tr>`;
    })
    .join('');
  return `<table class="theme-groups"><caption>${escapeHtml(f.t.themeTable)}</caption><thead><tr><th>${escapeHtml(f.t.theme)}</th>${head}</tr></thead><tbody>${rows}</tbody></table>${hiddenLine}`;
}

function goneList(prompt: DigestPrompt, f: Format): string {
  if (!prompt.gone?.length) return '';
  const items = prompt.gone
    .map(
      (g) =>
        `<li>${escapeHtml(g.label)} <span class="meta">(${escapeHtml(f.weekly(g.history, 0))})</span></li>`,
    )
    .join('');
  return `<h3>${escapeHtml(f.t.gone)}</h3><ul class="gone">${items}</ul>`;
}

function commonGroundSection(items: CommonGround[], f: Format): string {
  if (items.length === 0) return '';
  const entries = items
    .map((c) => {
      const hidden = f.hiddenGroups(c);
      const quotes = c.shares
        .filter((s) => s.quote)
        .map(
          (s) =>
            `<li><span class="group">${escapeHtml(f.group(s.group))}</span>${escapeHtml(f.t.colon)}<q>${escapeHtml(s.quote!)}</q></li>`,
        )
        .join('');
      return `<li><strong>${escapeHtml(c.label)}</strong>${escapeHtml(f.t.colon)}${escapeHtml(f.raised(c))}.${hidden ? ` <span class="meta">${escapeHtml(hidden)}.</span>` : ''}${quotes ? `<ul class="quotes">${quotes}</ul>` : ''}</li>`;
    })
    .join('');
  return `<h2>${escapeHtml(f.t.commonGround)}</h2><p class="note">${escapeHtml(f.t.commonGroundIntro)}</p><ol class="common-ground">${entries}</ol>`;
}

const STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:760px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{margin-bottom:.2rem}
.period,.meta,.counts,.note,.revision{color:#555}.note{font-size:.85rem}.revision{font-style:italic}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .8rem;border-bottom:1px solid #eee;text-align:left}.n{text-align:right}
caption{text-align:left;font-weight:600;padding:.3rem 0}.hidden{color:#777;font-style:italic}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #0072B2;background:#f6f8fa}
.trend{font-size:.8rem;padding:0 .4rem;border-radius:.6rem;background:#eee;font-weight:normal}
.trend-new{background:#d6f5e3}.trend-growing{background:#fde8c8}.trend-fading,.trend-gone{background:#eee;color:#777}
figure{margin:1rem 0}figcaption{font-weight:600}svg{max-width:100%;height:auto}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;border-radius:2px}`;

export function renderDigestHtml(digest: Digest): string {
  const f = new Format(digest);
  const { t } = f;
  const p = digest.participation;
  const prompts = digest.prompts
    .map((prompt) => {
      const { shown, minor } = splitThemes(prompt.themes);
      const also = f.alsoMentioned(minor);
      const quiet = f.quiet(prompt);
      return `<h2>${escapeHtml(prompt.promptText)}</h2><p class="counts">${escapeHtml(f.replies(prompt.replies))} · ${escapeHtml(f.people(prompt.participants))} · ${escapeHtml(f.n(prompt.unthemed))} ${escapeHtml(t.unthemed)}</p>${
        prompt.themes.length === 0
          ? `<p>${escapeHtml(t.noThemes)}</p>`
          : shown.map((th) => themeBlock(th, prompt, f, digest.weeks.length)).join('')
      }${also ? `<p class="also-mentioned">${escapeHtml(also)}</p>` : ''}${goneList(prompt, f)}${quiet ? `<p class="quiet">${escapeHtml(quiet)}</p>` : ''}${themeTable(prompt, shown, f)}`;
    })
    .join('');
  const revision = f.revision();
  const anonymous = f.anonymous();
  const title = `${t.title} · ${digest.organization} · ${f.period()}`;
  return `<!doctype html>
<html lang="${digest.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(t.title)} · ${escapeHtml(digest.organization)}</h1>
<p class="period">${escapeHtml(f.period())}</p>
${revision ? `<p class="revision">${escapeHtml(revision)}</p>\n` : ''}<h2>${escapeHtml(t.participation)}</h2>
<p>${escapeHtml(f.participation())}</p>
${anonymous ? `<p class="note">${escapeHtml(anonymous)}</p>\n` : ''}${table(
  t.channel,
  p.byChannel.map((r) => ({ name: f.channel(r.channel), participants: r.participants, replies: r.replies })),
  f,
)}${table(
  t.group,
  p.byGroup.map((r) => ({ name: f.group(r.group), participants: r.participants, replies: r.replies })),
  f,
)}
${participationChart(digest, f)}
${themesChart(digest, f)}
${commonGroundSection(digest.commonGround, f)}
${digest.prompts.length === 0 ? `<p>${escapeHtml(t.noReplies)}</p>` : prompts}
${digest.weeks.length > 0 ? `<p class="note"><strong>${escapeHtml(t.howToRead)}</strong>${escapeHtml(t.colon)}${escapeHtml(t.trendHelp(digest.weeks.length))}</p>\n` : ''}${anythingHidden(digest) ? `<p class="note">${escapeHtml(t.privacy)}</p>\n` : ''}</body>
</html>
`;
}
