/**
 * The shape a signed Slack request must have before Bolt sees it. Bolt reads fields such as
 * `event.type` and `event.channel` without checking them, so a signed but malformed payload
 * (`event: null`, a numeric channel, a slash command without `user_id`) threw inside Bolt and
 * became a 500, which Slack retries. Checked here, it is a 400.
 */
import { z } from 'zod';

const id = z.string().min(1).max(64);

/** Fields of a message event that Bolt and the adapter read: strings when present. */
const messageEvent = z
  .object({
    type: z.literal('message'),
    channel: id,
    ts: z.string().min(1).max(32),
    user: id.optional(),
    text: z.string().optional(),
    subtype: z.string().optional(),
    channel_type: z.string().optional(),
    thread_ts: z.string().optional(),
    bot_id: z.string().optional(),
    client_msg_id: z.string().optional(),
  })
  .loose();

const anyEvent = z.object({ type: z.string().min(1).max(100) }).loose();

const eventCallback = z
  .object({
    type: z.literal('event_callback'),
    event_id: z.string().optional(),
    team_id: z.string().optional(),
    event: anyEvent,
  })
  .loose();

const slashCommand = z
  .object({
    command: z.string().min(1).max(100),
    user_id: id,
    team_id: id.optional(),
    channel_id: id.optional(),
    text: z.string().optional(),
    response_url: z.string().optional(),
  })
  .loose();

const interaction = z.object({ type: z.string().min(1), user: z.object({ id }).loose() }).loose();

/** Why a signed request's body is not a payload we can handle; null when it is. */
export function slackPayloadProblem(body: Record<string, unknown>): string | null {
  const issues = (result: { success: boolean; error?: z.ZodError }) =>
    result.success
      ? null
      : (result.error?.issues.map((i) => i.path.join('.') || 'body').join(', ') ?? 'body');
  if (body.type === 'event_callback') {
    const envelope = eventCallback.safeParse(body);
    if (!envelope.success) return issues(envelope);
    if (envelope.data.event.type === 'message') return issues(messageEvent.safeParse(envelope.data.event));
    return null;
  }
  if ('command' in body) return issues(slashCommand.safeParse(body));
  if (typeof body.payload === 'object' || body.type === 'block_actions' || body.type === 'view_submission') {
    const payload = typeof body.payload === 'object' && body.payload !== null ? body.payload : body;
    return issues(interaction.safeParse(payload));
  }
  if (typeof body.type !== 'string') return 'type';
  return null;
}
