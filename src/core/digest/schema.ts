/** A zod schema for `Digest`, to read a stored digest body back (it is JSON from the database). */
import { z } from 'zod';
import type { Digest } from './types.js';

const countCell = z.number().int().min(0).nullable();
const trend = z.enum(['new', 'growing', 'steady', 'fading', 'gone']);
const localized = z.object({ en: z.string().optional(), fr: z.string().optional() });

/** The theme engine's model is its own business: checked only for the shape the next build passes back. */
const themeModel = z.object({
  version: z.literal(1),
  themes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      labels: localized,
      terms: z.array(z.tuple([z.string(), z.number()])),
    }),
  ),
});

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
    anonymousReplies: z.number().int().min(0).optional(),
    byChannel: z.array(z.object({ channel: z.string(), participants: countCell, replies: countCell })),
    byGroup: z.array(z.object({ group: z.string(), participants: countCell, replies: countCell })),
  }),
  prompts: z.array(
    z.object({
      promptId: z.string(),
      promptText: z.string(),
      promptTexts: localized.optional(),
      replies: z.number().int().min(0),
      history: z.array(z.number().int().min(0)).optional(),
      participants: countCell,
      unthemed: z.number().int().min(0),
      themes: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          labels: localized.optional(),
          keywords: z.array(z.string()),
          replies: z.number().int().min(0),
          participants: countCell,
          quotes: z.array(z.object({ text: z.string() })),
          groups: z.array(z.string()),
          byGroup: z
            .array(
              z.object({ group: z.string(), people: countCell, share: z.number().min(0).max(1).nullable() }),
            )
            .optional(),
          // Digests stored before trends had a minimum size always had a word; `null` now means too few to call.
          trend: trend.nullable(),
          history: z.array(z.number().int().min(0)),
          renamedFrom: z.string().optional(),
          replyIds: z.array(z.string()).optional(),
        }),
      ),
      gone: z
        .array(
          z.object({
            key: z.string(),
            label: z.string(),
            labels: localized.optional(),
            history: z.array(z.number().int().min(0)),
          }),
        )
        .optional(),
      quiet: z
        .array(z.object({ key: z.string(), label: z.string(), labels: localized.optional() }))
        .optional(),
      groups: z.array(z.object({ group: z.string(), people: countCell })).optional(),
      model: themeModel.optional(),
      assignments: z
        .object({
          keys: z.array(z.string()),
          replies: z.record(z.string(), z.array(z.number().int().min(0))),
        })
        .optional(),
    }),
  ),
  commonGround: z.array(
    z.union([
      z.object({
        themeKey: z.string(),
        label: z.string(),
        labels: localized.optional(),
        promptId: z.string(),
        groups: z.array(z.string()),
        shares: z.array(
          z.object({
            group: z.string(),
            people: z.number().int().min(0),
            share: z.number().min(0).max(1),
            quote: z.string().optional(),
          }),
        ),
        of: z.number().int().min(0),
        hidden: z.array(z.string()),
      }),
      // Digests stored before plain-word common ground: shown without shares.
      z
        .object({
          themeKey: z.string(),
          label: z.string(),
          promptId: z.string(),
          groups: z.array(z.string()),
          consensus: z.number(),
        })
        .transform(({ consensus: _consensus, ...c }) => ({
          ...c,
          shares: [],
          of: c.groups.length,
          hidden: [],
        })),
    ]),
  ),
  weeks: z.array(z.object({ label: z.string(), replies: z.number().int().min(0), participants: countCell })),
  groupNames: z.record(z.string(), localized).optional(),
  source: z.object({ replies: z.number().int().min(0), fingerprint: z.string() }).optional(),
  revision: z
    .object({
      number: z.number().int().min(2),
      revisedAt: z.string(),
      addedReplies: z.number().int(),
      firstBuiltAt: z.string(),
    })
    .optional(),
}) satisfies z.ZodType<Digest, unknown>;
