/**
 * The forum report as one self-contained HTML page (inline CSS and SVG, no script, no external
 * asset), with `@media print` styles so a browser's "Print to PDF" (or `voices report --pdf`) gives
 * a clean A4 handout. Every resident's word is escaped by hono/jsx.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ForumReport } from './build.js';
import {
  CommonGroundChart,
  count,
  RepliesPerWeekChart,
  ThemeGroupHeatmap,
  ThemesOverTime,
} from './charts.js';
import { formatDate, formatShare, REPORT_LABELS } from './labels.js';

const CSS = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;background:#fff;margin:0}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.8rem;margin:.3rem 0}h2{font-size:1.3rem;margin-top:1.8rem;border-bottom:2px solid #005a9c;padding-bottom:.2rem}
h3{font-size:1.1rem;margin:.8rem 0 .2rem}
.meta,.note{color:#4a4a4a}.note{font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
td,th{padding:.35rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:middle}
thead th{background:#f3f6f9}
.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg{max-width:100%;height:auto;display:block}
svg.spark{width:160px;display:inline-block;vertical-align:middle}
.values{color:#4a4a4a;font-size:.85rem;margin-left:.5rem;white-space:nowrap}
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:4px solid #005a9c;background:#f3f6f9}
.theme{break-inside:avoid;page-break-inside:avoid;border-bottom:1px solid #d0d7de;padding-bottom:.5rem}
.tag{display:inline-block;font-size:.8rem;padding:0 .45rem;border-radius:.6rem;background:#e6e6e6;font-weight:normal}
.cg{break-inside:avoid;page-break-inside:avoid;margin-bottom:1rem}
.toolbar{background:#f3f6f9;border-bottom:1px solid #d0d7de;padding:.5rem 1rem}
@media (max-width:600px){main{padding:.6rem}h1{font-size:1.4rem}td,th{padding:.3rem}}
@page{size:A4;margin:16mm 14mm}
@media print{
  body{font-size:11pt}
  .toolbar{display:none}
  main{max-width:none;padding:0}
  h2{break-after:avoid;page-break-after:avoid}
  .scroll{overflow:visible}
  a{color:inherit;text-decoration:none}
  thead{display:table-header-group}
  tr,figure{break-inside:avoid;page-break-inside:avoid}
  td,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

export function ForumReportPage(props: { report: ForumReport; toolbar?: Child }) {
  const { report } = props;
  const t = REPORT_LABELS[report.language];
  const p = report.participation;
  const allThemes = report.prompts.flatMap((prompt) => prompt.themes);
  return (
    <html lang={report.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
        <title>{`${t.title} · ${report.organization} · ${report.period.from} → ${report.period.to}`}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        {props.toolbar ? <div class="toolbar">{props.toolbar}</div> : null}
        <main>
          <p class="meta">{t.subtitle}</p>
          <h1>
            {t.title} · {report.organization}
          </h1>
          <p class="meta">
            {t.period}: {formatDate(report.period.from, t)} – {formatDate(report.period.to, t)} ·{' '}
            {t.generated} {formatDate(report.generatedAt.slice(0, 10), t)}
          </p>

          <h2>{t.participation}</h2>
          <p>
            {t.replies}: <strong>{count(p.replies, t)}</strong> · {t.people}:{' '}
            <strong>{count(p.people, t)}</strong>
          </p>
          <RepliesPerWeekChart weeks={report.weeks} t={t} />
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.group}</th>
                  <th scope="col" class="n">
                    {t.people}
                  </th>
                  <th scope="col" class="n">
                    {t.replies}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.byGroup.map((g) => (
                  <tr>
                    <th scope="row">{g.name}</th>
                    <td class="n">{count(g.people, t)}</td>
                    <td class="n">{count(g.replies, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.hiddenGroups > 0 ? <p class="note">{t.hiddenGroups(p.hiddenGroups)}</p> : null}
          <p class="note">{t.privacyNote}</p>

          <h2>{t.commonGround}</h2>
          <p class="note">{t.commonGroundIntro}</p>
          {report.commonGround.length === 0 ? <p>{t.noCommonGround}</p> : null}
          {report.commonGround.map((entry) => (
            <section class="cg">
              <h3>{entry.label}</h3>
              <p>{entry.groups.map((g) => t.ofGroup(formatShare(g.share, t), g.name)).join(' · ')}</p>
              <CommonGroundChart entry={entry} t={t} />
              {entry.groups.map((g) =>
                g.quote ? (
                  <blockquote>
                    {g.quote} <span class="meta">({g.name})</span>
                  </blockquote>
                ) : null,
              )}
            </section>
          ))}

          <h2>{t.themes}</h2>
          {allThemes.length === 0 ? <p>{t.noThemes}</p> : null}
          <ThemesOverTime themes={allThemes} t={t} />
          <ThemeGroupHeatmap themes={allThemes} groups={report.groups} t={t} />
          {report.prompts.map((prompt) => (
            <section>
              <h2>{prompt.promptText}</h2>
              {prompt.themes.map((theme) => (
                <section class="theme">
                  <h3>
                    {theme.label} {theme.trend ? <span class="tag">{t.trendWord[theme.trend]}</span> : null}
                  </h3>
                  <p class="meta">
                    {count(theme.replies, t)} {t.replies.toLowerCase()} · {count(theme.people, t)}{' '}
                    {t.people.toLowerCase()}
                  </p>
                  {theme.quotes.map((q) => (
                    <blockquote>{q}</blockquote>
                  ))}
                </section>
              ))}
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}

export function renderForumReportHtml(report: ForumReport, toolbar?: Child): string {
  return `<!doctype html>\n${String(<ForumReportPage report={report} toolbar={toolbar} />)}`;
}
