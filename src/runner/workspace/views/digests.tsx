/** The digests list and one digest's review page: rename, merge, hide a theme or a quote, approve. */
import type { Child } from 'hono/jsx';
import { quoteId } from '../../../core/digest/edits.js';
import { localizeDigest } from '../../../core/digest/localize.js';
import { Format } from '../../../core/digest/render/labels.js';
import type { Digest, DigestPrompt, DigestTheme } from '../../../core/digest/types.js';
import type { ThemeEditRow } from '../../../core/ports/store.js';
import type { DigestListItem, DigestView } from '../../organizer.js';
import { CsrfField, type Frame, Layout } from './layout.js';

const cell = (n: number | null) => (n === null ? 'hidden' : String(n));
const when = (d: Date | null | undefined, timezone: string) =>
  d
    ? new Intl.DateTimeFormat('en-CA', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: timezone,
      }).format(d)
    : '—';

export function reviewStatus(item: Pick<DigestListItem, 'review' | 'postedTo'>, timezone: string): string {
  const r = item.review;
  if (r && !r.releasedAt) {
    return r.approvedAt ? 'approved, posting' : `in review until ${when(r.reviewUntil, timezone)}`;
  }
  return item.postedTo.length > 0 ? `posted to ${item.postedTo.join(', ')}` : 'not posted';
}

export function DigestTable(props: { digests: DigestListItem[]; timezone: string }) {
  if (props.digests.length === 0)
    return <p>No digest yet: the first one is built at the next DIGEST_CRON time.</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col" class="n">
              Replies
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.digests.map((d) => (
            <tr>
              <td>
                <a href={`/organizers/digests/${encodeURIComponent(d.id)}`}>
                  {d.from} → {d.to}
                </a>
              </td>
              <td class="n">{d.replies}</td>
              <td>{reviewStatus(d, props.timezone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DigestsPage(props: Frame & { digests: DigestListItem[]; timezone: string }) {
  return (
    <Layout {...props} section="digests">
      <h1>Weekly digests</h1>
      <DigestTable digests={props.digests} timezone={props.timezone} />
    </Layout>
  );
}

function describeEdit(edit: ThemeEditRow, labels: Map<string, string>): string {
  const name = labels.get(edit.themeKey) ?? edit.themeKey;
  switch (edit.action) {
    case 'rename':
      return `renamed “${name}” to “${edit.value ?? ''}”`;
    case 'merge': {
      let into = '';
      try {
        into = (JSON.parse(edit.value ?? '{}') as { label?: string }).label ?? '';
      } catch {
        into = '';
      }
      return `merged “${name}” into “${into}”`;
    }
    case 'unmerge':
      return `separated “${name}” again`;
    case 'hide':
      return `hid the theme “${name}”`;
    case 'show':
      return `showed the theme “${name}” again`;
    case 'hide-quote':
      return `hid a quote of “${name}”`;
    case 'show-quote':
      return `showed a quote of “${name}” again`;
    default:
      return edit.action;
  }
}

function ThemeCard(props: {
  digestId: string;
  prompt: DigestPrompt;
  theme: DigestTheme;
  csrf: string;
  editable: boolean;
  hiddenQuotes: DigestTheme['quotes'];
}) {
  const { theme, prompt } = props;
  const action = `/organizers/digests/${encodeURIComponent(props.digestId)}/edits`;
  const others = prompt.themes.filter((t) => t.key !== theme.key);
  const anchor = `theme-${theme.key}`;
  return (
    <section class="card theme" id={anchor} aria-labelledby={`${anchor}-label`}>
      <h3 id={`${anchor}-label`}>
        {theme.label} <span class="tag">{theme.trend}</span>
      </h3>
      <p class="meta">
        {theme.replies} replies · {cell(theme.participants)} people
        {theme.groups.length > 0 ? ` · groups: ${theme.groups.join(', ')}` : ''}
      </p>
      {theme.quotes.map((q) => (
        <div class="quote">
          <blockquote>{q.text}</blockquote>
          {props.editable ? (
            <form method="post" action={action} class="inline">
              <CsrfField token={props.csrf} />
              <input type="hidden" name="action" value="hide-quote" />
              <input type="hidden" name="theme" value={theme.key} />
              <input type="hidden" name="quote" value={quoteId(q.text)} />
              <button type="submit" class="secondary" aria-label={`Hide this quote from ${theme.label}`}>
                Hide quote
              </button>
            </form>
          ) : null}
        </div>
      ))}
      {props.hiddenQuotes.length > 0 ? (
        <p class="note">
          {props.hiddenQuotes.length} quote(s) hidden.{' '}
          {props.editable
            ? props.hiddenQuotes.map((q) => (
                <form method="post" action={action} class="inline">
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="action" value="show-quote" />
                  <input type="hidden" name="theme" value={theme.key} />
                  <input type="hidden" name="quote" value={quoteId(q.text)} />
                  <button type="submit" class="secondary">
                    Show “{q.text.slice(0, 30)}…” again
                  </button>
                </form>
              ))
            : null}
        </p>
      ) : null}
      {props.editable ? (
        <div>
          <form method="post" action={action} class="edit">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="action" value="rename" />
            <input type="hidden" name="theme" value={theme.key} />
            <label for={`${anchor}-rename`}>Rename</label>
            <input
              id={`${anchor}-rename`}
              type="text"
              name="label"
              value={theme.label}
              maxlength={120}
              required
            />
            <button type="submit">Rename</button>
          </form>
          {others.length > 0 ? (
            <form method="post" action={action} class="edit">
              <CsrfField token={props.csrf} />
              <input type="hidden" name="action" value="merge" />
              <input type="hidden" name="theme" value={theme.key} />
              <label for={`${anchor}-merge`}>Merge into</label>
              <select id={`${anchor}-merge`} name="into">
                {others.map((o) => (
                  <option value={o.key}>{o.label}</option>
                ))}
              </select>
              <button type="submit">Merge</button>
            </form>
          ) : null}
          <form method="post" action={action} class="edit">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="action" value="hide" />
            <input type="hidden" name="theme" value={theme.key} />
            <button type="submit" class="secondary">
              Hide this theme
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

export interface DigestPageProps extends Frame {
  view: DigestView;
  timezone: string;
  edits: ThemeEditRow[];
  hiddenThemes: Array<{ key: string; label: string }>;
  mergedThemes: Array<{ key: string; label: string; into: string }>;
  hiddenQuoteIds: ReadonlySet<string>;
  charts?: Child;
  notice?: string;
}

function builtThemes(digest: Digest) {
  return new Map(digest.prompts.flatMap((p) => p.themes.map((t) => [t.key, t] as const)));
}

export function DigestPage(props: DigestPageProps) {
  const { view } = props;
  const d = view.digest;
  const csrf = props.csrf ?? '';
  const action = `/organizers/digests/${encodeURIComponent(d.id)}`;
  const built = builtThemes(view.built);
  const labels = new Map<string, string>([...built.values()].map((t) => [t.key, t.label]));
  for (const p of d.prompts) for (const t of p.themes) if (!labels.has(t.key)) labels.set(t.key, t.label);
  const inReview = !!view.review && !view.review.releasedAt && !view.review.approvedAt;
  const status = reviewStatus({ review: view.review, postedTo: view.postedTo }, props.timezone);
  return (
    <Layout {...props} section="digests">
      <h1>
        Digest {d.period.from} → {d.period.to}
      </h1>
      {props.notice ? (
        <p class="ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section class="card" aria-label="Review">
        <p>
          <strong>Status:</strong> <span id="review-status">{status}</span>
        </p>
        {d.revision ? (
          <p id="revision" class="note">
            {new Format(localizeDigest(d, 'en')).revision()}
          </p>
        ) : null}
        {inReview ? (
          <form method="post" action={`${action}/approve`}>
            <CsrfField token={csrf} />
            <p class="note">
              Approving posts this digest now, with your edits, to every destination not posted to yet.
            </p>
            <button type="submit">Approve and post now</button>
          </form>
        ) : view.postedTo.length > 0 ? (
          <p class="note">
            Edits made now show here, in the forum report and in later weeks; messages already sent do not
            change.
          </p>
        ) : null}
      </section>
      <p class="meta">
        {d.participation.replies} replies · {cell(d.participation.participants)} people ·{' '}
        {d.participation.unthemedReplies} without a theme
      </p>
      {props.charts ?? null}
      {d.prompts.map((prompt) => (
        <section>
          <h2>{prompt.promptText}</h2>
          <p class="meta">
            {prompt.replies} replies · {cell(prompt.participants)} people · {prompt.unthemed} without a theme
          </p>
          {prompt.themes.length === 0 ? <p>No themes.</p> : null}
          {prompt.themes.map((theme) => {
            const hiddenQuotes = [
              theme.key,
              ...props.mergedThemes.filter((m) => m.into === theme.key).map((m) => m.key),
            ]
              .flatMap((k) => built.get(k)?.quotes ?? [])
              .filter((q) => props.hiddenQuoteIds.has(quoteId(q.text)));
            return (
              <ThemeCard
                digestId={d.id}
                prompt={prompt}
                theme={theme}
                csrf={csrf}
                editable={true}
                hiddenQuotes={hiddenQuotes}
              />
            );
          })}
        </section>
      ))}
      {props.hiddenThemes.length + props.mergedThemes.length > 0 ? (
        <section>
          <h2>Hidden and merged themes</h2>
          <ul>
            {props.hiddenThemes.map((t) => (
              <li>
                {t.label} (hidden){' '}
                <form method="post" action={`${action}/edits`} class="inline">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="action" value="show" />
                  <input type="hidden" name="theme" value={t.key} />
                  <button type="submit" class="secondary">
                    Show again
                  </button>
                </form>
              </li>
            ))}
            {props.mergedThemes.map((t) => (
              <li>
                {t.label} (merged into {labels.get(t.into) ?? t.into}){' '}
                <form method="post" action={`${action}/edits`} class="inline">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="action" value="unmerge" />
                  <input type="hidden" name="theme" value={t.key} />
                  <button type="submit" class="secondary">
                    Separate again
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2>Edits</h2>
        {props.edits.length === 0 ? (
          <p class="muted">No edits yet.</p>
        ) : (
          <div class="scroll">
            <table id="edit-log">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {props.edits.map((e) => (
                  <tr>
                    <td>{when(e.createdAt, props.timezone)}</td>
                    <td>{e.actor}</td>
                    <td>{describeEdit(e, labels)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
