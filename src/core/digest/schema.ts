/** A zod schema for `Digest`, to read a stored digest body back (it is JSON from the database). */
import { z } from 'zod';
import type { Digest } from './types.js';

const countCell = z.number().int().min(0).nullable();
const trend = z.enum(['new', 'growing', 'steady', 'fading']);

export const digestSchema = z.object({
  id: z.string().min(1),
  organization: z.string(),
  language: z.enum(['en', 'fr']),
  period: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  generatedAt: z.string(),
  participation: z.object({
    participants: countCell,
    newParticipants: countCell,
    replies: z.number().int().min(0),
    unthemedReplies: z.number().int().min(0),
    byChannel: z.array(z.object({ channel: z.string(), participants: countCell, replies: countCell })),
    byGroup: z.array(z.object({ group: z.string(), participants: countCell, replies: countCell })),
  }),
  prompts: z.array(
    z.object({
      promptId: z.string(),
      promptText: z.string(),
      replies: z.number().int().min(0),
      participants: countCell,
      unthemed: z.number().int().min(0),
      themes: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          keywords: z.array(z.string()),
          replies: z.number().int().min(0),
          participants: countCell,
          quotes: z.array(z.object({ text: z.string() })),
          groups: z.array(z.string()),
          trend,
          history: z.array(z.number().int().min(0)),
          replyIds: z.array(z.string()).optional(),
        }),
      ),
    }),
  ),
  commonGround: z.array(
    z.object({
      themeKey: z.string(),
      label: z.string(),
      promptId: z.string(),
      groups: z.array(z.string()),
      consensus: z.number().min(0).max(1),
    }),
  ),
  weeks: z.array(z.object({ label: z.string(), replies: z.number().int().min(0), participants: countCell })),
}) satisfies z.ZodType<Digest>;
