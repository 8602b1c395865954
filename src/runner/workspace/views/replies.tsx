/** Browse and search the scrubbed replies; download what is shown as CSV. No participant id anywhere. */
import type { ReplyPage, ReplyQuery } from '../../organizer.js';
import { type Frame, Layout } from './layout.js';

const when = (d: Date, timezone: string) =>
  new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeZone: timezone }).format(d);

function Select(props: {
  name: keyof ReplyQuery;
  label: string;
  value?: string;
  options: Array<[string, string]>;
}) {
  return (
    <div>
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">All</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface RepliesPageProps extends Frame {
  query: ReplyQuery;
  result: ReplyPage;
  page: number;
  pageSize: number;
  timezone: string;
  promptTexts: Record<string, string>;
  queryString: (changes: Record<string, string | undefined>) => string;
}

export function RepliesPage(props: RepliesPageProps) {
  const { result, query } = props;
  const pages = Math.max(1, Math.ceil(result.total / props.pageSize));
  const promptLabel = (id: string | null) => (id ? (props.promptTexts[id] ?? id) : 'no question');
  return (
    <Layout {...props} section="replies">
      <h1>Replies</h1>
      <form method="get" action="/organizers/replies" class="filters" aria-label="Filter replies">
        <div>
          <label for="f-q">Search</label>
          <input id="f-q" type="search" name="q" value={query.q ?? ''} maxlength={200} />
        </div>
        <Select
          name="prompt"
          label="Question"
          value={query.prompt}
          options={result.facets.prompts.map((p) => [p, promptLabel(p)])}
        />
        <Select
          name="group"
          label="Group"
          value={query.group}
          options={result.facets.groups.map((g) => [g, g])}
        />
        <Select
          name="week"
          label="Week"
          value={query.week}
          options={result.weeks.map((w) => [w.id, `${w.from} → ${w.to}`])}
        />
        <Select
          name="theme"
          label="Theme"
          value={query.theme}
          options={result.themes.map((t) => [t.key, t.label])}
        />
        <Select
          name="language"
          label="Language"
          value={query.language}
          options={result.facets.languages.map((l) => [
            l,
            l === 'fr' ? 'French' : l === 'en' ? 'English' : l,
          ])}
        />
        <Select
          name="channel"
          label="Channel"
          value={query.channel}
          options={result.facets.channels.map((c) => [c, c])}
        />
        <div>
          <button type="submit">Show</button>
        </div>
      </form>
      <p role="status" id="reply-count">
        {result.total === 1 ? '1 reply' : `${result.total} replies`}
        {result.total > 0 ? (
          <>
            {' · '}
            <a href={`/organizers/replies.csv${props.queryString({ page: undefined })}`} download>
              Download these {result.total} as CSV
            </a>
          </>
        ) : null}
      </p>
      <p class="note">
        Replies are stored scrubbed of names, numbers and addresses; no participant id is shown or downloaded.
      </p>
      {result.rows.length > 0 ? (
        <div class="scroll">
          <table id="replies">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Reply</th>
                <th scope="col">Theme</th>
                <th scope="col">Group</th>
                <th scope="col">Channel</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr>
                  <td>{when(r.receivedAt, props.timezone)}</td>
                  <td class="reply-text">{r.text}</td>
                  <td>{r.themes.join(', ') || '—'}</td>
                  <td>{r.group ?? '—'}</td>
                  <td>
                    {r.channel}
                    {r.language ? ` · ${r.language}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No reply matches.</p>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages">
          {props.page > 1 ? (
            <a href={`/organizers/replies${props.queryString({ page: String(props.page - 1) })}`}>← Newer</a>
          ) : null}{' '}
          Page {props.page} of {pages}{' '}
          {props.page < pages ? (
            <a href={`/organizers/replies${props.queryString({ page: String(props.page + 1) })}`}>Older →</a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
