import type { ParticipationStats } from '../../../../adapters/types.js';
import type { DigestListItem } from '../../organizer.js';
import { DigestTable } from './digests.js';
import { type Frame, Layout } from './layout.js';

const cell = (n: number | null) => (n === null ? 'fewer than 5' : String(n));

export function OverviewPage(
  props: Frame & { stats: ParticipationStats; digests: DigestListItem[]; timezone: string },
) {
  const { stats } = props;
  const inReview = props.digests.filter((d) => d.review && !d.review.releasedAt);
  return (
    <Layout {...props} section="overview">
      <h1>Organizers’ workspace</h1>
      {inReview.length > 0 ? (
        <p class="ok" role="status">
          {inReview.length === 1 ? 'A digest awaits' : `${inReview.length} digests await`} your review:{' '}
          {inReview.map((d) => (
            <a href={`/organizers/digests/${encodeURIComponent(d.id)}`}>
              {d.from} → {d.to}{' '}
            </a>
          ))}
        </p>
      ) : null}
      <h2>Participation</h2>
      <p>
        Participants: <strong>{cell(stats.participants)}</strong> · active: {cell(stats.active)} · opted out:{' '}
        {cell(stats.optedOut)} · replies: <strong>{stats.replies}</strong>
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" class="n">
                People
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.byChannel.map((r) => (
              <tr>
                <td>{r.channel}</td>
                <td class="n">{cell(r.participants)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {stats.suppressed > 0 ? <p class="note">{stats.suppressed} small groups hidden for privacy.</p> : null}
      <h2>Weekly digests</h2>
      <DigestTable digests={props.digests.slice(0, 8)} timezone={props.timezone} />
    </Layout>
  );
}
