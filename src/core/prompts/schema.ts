/**
 * The prompt file format (`prompts/*.yaml`), validated with zod. Every text exists in every
 * supported language, so no resident gets a message in a language they did not choose.
 */
import { z } from 'zod';

const PLACEHOLDERS = ['org', 'groups', 'prompt'] as const;
const placeholderPattern = /\{([a-zA-Z_]+)\}/g;

const localizedText = z
  .object({ en: z.string().trim().min(1), fr: z.string().trim().min(1) })
  .strict()
  .superRefine((value, ctx) => {
    for (const [lang, text] of Object.entries(value)) {
      for (const match of text.matchAll(placeholderPattern)) {
        const name = match[1] ?? '';
        if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [lang],
            message: `unknown placeholder {${name}}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
          });
        }
      }
    }
  });
export type LocalizedText = z.infer<typeof localizedText>;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes (kebab-case)')
  .max(64);

const messageKeys = [
  'welcome',
  'consentReminder',
  'declined',
  'groupQuestion',
  'groupInvalid',
  'joined',
  'thanks',
  'allDone',
  'reminder',
  'skipped',
  'help',
  'optedOut',
  'optedIn',
  'deleted',
  'languageChanged',
  'languageQuestion',
  'emptyMessage',
  'mediaOnly',
  'welcomeConfirm',
  'welcomeHeld',
  'consentHeld',
  'clarifyStop',
  'clarifyDelete',
  'clarifyStart',
  'clarifySkip',
  'clarifyDeclined',
  'keptUnprompted',
  'addedToAnswer',
  'courtesy',
  'skippedIdle',
  'alreadyIn',
  'optedOutNotice',
  'groupPickOne',
] as const;
export type MessageKey = (typeof messageKeys)[number];

export const promptFileSchema = z
  .object({
    id,
    schedule: z
      .object({
        /** Days between one prompt and the next. */
        intervalDays: z.number().positive().max(365),
        /** Hours without an answer before the one reminder; 0 disables reminders. */
        reminderAfterHours: z
          .number()
          .min(0)
          .max(24 * 30),
      })
      .strict(),
    groups: z
      .object({
        enabled: z.boolean(),
        options: z
          .array(
            z
              .object({
                id,
                en: z.string().trim().min(1),
                fr: z.string().trim().min(1),
                /** Other words residents use for this group ("mom", "retired", "aînée"). */
                aliases: z
                  .object({
                    en: z.array(z.string().trim().min(1)).default([]),
                    fr: z.array(z.string().trim().min(1)).default([]),
                  })
                  .strict()
                  .optional(),
                /** Ages the group covers, so "I'm 72" finds it: [from, to], inclusive. */
                ages: z
                  .tuple([z.number().int().min(0), z.number().int().max(150)])
                  .refine(([from, to]) => from <= to, 'from must not exceed to')
                  .optional(),
              })
              .strict(),
          )
          .min(1)
          .max(9),
      })
      .strict(),
    messages: z.object(
      Object.fromEntries(messageKeys.map((k) => [k, localizedText])) as {
        [K in MessageKey]: typeof localizedText;
      },
    ),
    prompts: z
      .array(
        z
          .object({
            id,
            text: localizedText,
            followUp: localizedText.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.prompts.forEach((prompt, index) => {
      if (seen.has(prompt.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['prompts', index, 'id'],
          message: `duplicate prompt id "${prompt.id}"`,
        });
      }
      seen.add(prompt.id);
    });
  });

export type PromptFile = z.infer<typeof promptFileSchema>;
export type PromptDefinition = PromptFile['prompts'][number];
export type GroupOption = PromptFile['groups']['options'][number];
