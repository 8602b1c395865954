/**
 * Server-rendered charts (hono/jsx → SVG and HTML, escaped by default): replies per week, themes
 * over time, theme × group heatmap, common ground. No script: each chart is readable without
 * JavaScript, names itself (`role="img"` + `<title>`), prints every value as text next to its mark,
 * uses colours with at least 4.5:1 contrast for text, and scales to a phone's width (viewBox).
 */
import type { Child } from 'hono/jsx';
import type { CountCell } from '../digest/types.js';
import type { ForumReport, ReportTheme } from './build.js';
import { formatCount, formatShare, formatShortDate, type ReportLabels } from './labels.js';

const BLUE = '#005a9c';
const LIGHT = '#9cc3e6';
const INK = '#1b1b1b';

let ids = 0;
const nextId = (prefix: string) => `${prefix}-${++ids}`;

export function RepliesPerWeekChart(props: { weeks: ForumReport['weeks']; t: ReportLabels }) {
  const { weeks, t } = props;
  if (weeks.length === 0) return null;
  const W = 640;
  const H = 220;
  const top = 22;
  const bottom = 34;
  const max = Math.max(1, ...weeks.map((w) => w.replies));
  const band = W / weeks.length;
  const width = Math.min(56, band * 0.6);
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const titleId = nextId('chart-title');
  const summary = weeks.map((w) => `${formatShortDate(w.from, t)}: ${w.replies}`).join(', ');
  return (
    <figure class="chart">
      <figcaption id={titleId}>{t.repliesPerWeek}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} class="replies-per-week">
        <title>{`${t.repliesPerWeek}: ${summary}`}</title>
        <line x1="0" x2={W} y1={y(0)} y2={y(0)} stroke="#767676" />
        {weeks.map((w, i) => {
          const cx = band * (i + 0.5);
          const yTop = y(w.replies);
          return (
            <g>
              <rect
                x={(cx - width / 2).toFixed(1)}
                y={yTop.toFixed(1)}
                width={width.toFixed(1)}
                height={(y(0) - yTop).toFixed(1)}
                fill={i === weeks.length - 1 ? BLUE : LIGHT}
              />
              <text
                x={cx.toFixed(1)}
                y={(yTop - 6).toFixed(1)}
                text-anchor="middle"
                font-size="14"
                fill={INK}
              >
                {String(w.replies)}
              </text>
              <text x={cx.toFixed(1)} y={H - 10} text-anchor="middle" font-size="13" fill={INK}>
                {formatShortDate(w.from, t)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** One small bar chart per theme (small multiples stay readable on a phone; one tangle of lines does not). */
function Sparkbars(props: { theme: ReportTheme; t: ReportLabels }) {
  const { theme, t } = props;
  const W = 160;
  const H = 36;
  const max = Math.max(1, ...theme.perWeek);
  const band = W / Math.max(1, theme.perWeek.length);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      class="spark"
      role="img"
      aria-label={t.chartOf(theme.label, theme.perWeek.join(' → '))}
    >
      <title>{t.chartOf(theme.label, theme.perWeek.join(' → '))}</title>
      {theme.perWeek.map((v, i) => {
        const h = (H - 4) * (v / max);
        return (
          <rect
            x={(band * i + band * 0.15).toFixed(1)}
            y={(H - h).toFixed(1)}
            width={(band * 0.7).toFixed(1)}
            height={Math.max(v > 0 ? 1 : 0, h).toFixed(1)}
            fill={i === theme.perWeek.length - 1 ? BLUE : LIGHT}
          />
        );
      })}
    </svg>
  );
}

/** A table of themes in a chart's frame: its caption, the themes' column and the columns after it. */
function ThemeTable(props: {
  caption: string;
  class: string;
  t: ReportLabels;
  head: Child;
  children: Child;
}) {
  return (
    <figure class="chart">
      <figcaption>{props.caption}</figcaption>
      <div class="scroll">
        <table class={props.class}>
          <thead>
            <tr>
              <th scope="col">{props.t.themes}</th>
              {props.head}
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
    </figure>
  );
}

export function ThemesOverTime(props: { themes: ReportTheme[]; t: ReportLabels }) {
  const { themes, t } = props;
  if (themes.length === 0) return null;
  const head = (
    <>
      <th scope="col">{t.repliesPerWeek}</th>
      <th scope="col" class="n">
        {t.total}
      </th>
      <th scope="col">{t.trend}</th>
    </>
  );
  return (
    <ThemeTable caption={t.themesOverTime} class="over-time" t={t} head={head}>
      {themes.map((theme) => (
        <tr>
          <th scope="row">{theme.label}</th>
          <td>
            <Sparkbars theme={theme} t={t} />
            <span class="values">{theme.perWeek.join(' · ')}</span>
          </td>
          <td class="n">{theme.replies}</td>
          <td>{theme.trend ? t.trendWord[theme.trend] : ''}</td>
        </tr>
      ))}
    </ThemeTable>
  );
}

/** Blue scale by share; the text switches to white on the darker half so it keeps 4.5:1 contrast. */
function heat(share: number): { background: string; color: string } {
  const level = Math.min(1, share / 0.5);
  const from = [0xf0, 0xf6, 0xfc];
  const to = [0x00, 0x5a, 0x9c];
  const mix = from.map((c, i) => Math.round(c + (to[i]! - c) * level));
  const hex = `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return { background: hex, color: level > 0.45 ? '#ffffff' : INK };
}

export function ThemeGroupHeatmap(props: {
  themes: ReportTheme[];
  groups: ForumReport['groups'];
  t: ReportLabels;
}) {
  const { themes, groups, t } = props;
  if (themes.length === 0 || groups.length === 0) return null;
  const cellText = (people: CountCell, share: number | null) =>
    people === null || share === null ? t.fewer : formatShare(share, t);
  const head = groups.map((g) => (
    <th scope="col" class="n">
      {g.name}
    </th>
  ));
  return (
    <ThemeTable caption={t.themeByGroup} class="heatmap" t={t} head={head}>
      {themes.map((theme) => (
        <tr>
          <th scope="row">{theme.label}</th>
          {groups.map((g) => {
            const c = theme.byGroup[g.id];
            const style = c && c.share !== null ? heat(c.share) : { background: '#ffffff', color: '#4a4a4a' };
            return (
              <td class="n" style={`background:${style.background};color:${style.color}`}>
                {cellText(c?.people ?? null, c?.share ?? null)}
              </td>
            );
          })}
        </tr>
      ))}
    </ThemeTable>
  );
}

export function CommonGroundChart(props: { entry: ForumReport['commonGround'][number]; t: ReportLabels }) {
  const { entry, t } = props;
  const W = 640;
  const row = 30;
  const H = row * entry.groups.length + 8;
  const labelWidth = 250;
  const max = Math.max(...entry.groups.map((g) => g.share), 0.01);
  const titleId = nextId('cg-title');
  const text = entry.groups.map((g) => t.ofGroup(formatShare(g.share, t), g.name)).join(', ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} class="common-ground">
      <title id={titleId}>{`${entry.label}: ${text}`}</title>
      {entry.groups.map((g, i) => {
        const width = ((W - labelWidth - 70) * g.share) / max;
        const y = 4 + i * row;
        return (
          <g>
            <text x="0" y={y + 19} font-size="15" fill={INK}>
              {g.name.length > 30 ? `${g.name.slice(0, 29)}…` : g.name}
            </text>
            <rect x={labelWidth} y={y + 4} width={width.toFixed(1)} height={row - 10} fill={BLUE} />
            <text x={(labelWidth + width + 6).toFixed(1)} y={y + 19} font-size="15" fill={INK}>
              {formatShare(g.share, t)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Counts as text, for the participation tables. */
export const count = (value: CountCell, t: ReportLabels) => formatCount(value, t);
