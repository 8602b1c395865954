/** The bar above the forum report in the workspace (hidden when printed): period, language, PDF. */
import type { ForumReport } from '../../../core/report/build.js';
import type { ReportRequest } from '../../report.js';

export function ReportToolbar(props: { request: ReportRequest; report: ForumReport }) {
  const { request, report } = props;
  const query = new URLSearchParams(
    Object.entries({ from: request.from, to: request.to, language: request.language }).filter(
      (e): e is [string, string] => !!e[1],
    ),
  ).toString();
  return (
    <form method="get" action="/organizers/report" aria-label="Report period and language">
      <a href="/organizers/">← Workspace</a> <label for="r-from">From</label>{' '}
      <input id="r-from" type="date" name="from" value={request.from ?? report.period.from} />{' '}
      <label for="r-to">to</label>{' '}
      <input id="r-to" type="date" name="to" value={request.to ?? report.period.to} />{' '}
      <label for="r-language">Language</label>{' '}
      <select id="r-language" name="language">
        <option value="en" selected={request.language === 'en'}>
          English
        </option>
        <option value="fr" selected={request.language === 'fr'}>
          Français
        </option>
      </select>{' '}
      <button type="submit">Show</button> ·{' '}
      <a href={`/organizers/report.pdf${query ? `?${query}` : ''}`}>Download PDF</a> · Print this page
      (Ctrl+P) for a clean handout.
    </form>
  );
}
