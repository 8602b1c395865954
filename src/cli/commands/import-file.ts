/**
 * What `voices import FILE` does: validate, clean and scrub each row, and store it as an imported reply.
 * Re-importing a file adds nothing: each row has a keyed hash of its content as import key.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { scrub } from '../../core/privacy/scrub/index.js';
import { cleanInboundText } from '../../core/text/normalize.js';
import { detectFormat, emptyToUndefined, readRecords } from '../../io/read-records.js';
import type { NewReply } from '../../store/store.js';
import type { CliContext } from '../context.js';

export const importRow = z.object({
  text: z.string({ error: 'required' }).trim().min(1, 'empty').max(10_000, 'longer than 10,000 characters'),
  id: z.preprocess(emptyToUndefined, z.union([z.string(), z.number()]).transform(String).optional()),
  prompt: z.preprocess(emptyToUndefined, z.string().trim().max(64).optional()),
  group: z.preprocess(emptyToUndefined, z.string().trim().max(64).optional()),
  date: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'not a date (use YYYY-MM-DD or ISO 8601)')
      .optional(),
  ),
  language: z.preprocess(emptyToUndefined, z.enum(['en', 'fr']).optional()),
});

export interface ImportReport {
  imported: number;
  alreadyPresent: number;
  rejected: Array<{ line: number; reason: string }>;
}

export function importFile(ctx: CliContext, file: string, format?: string, now = new Date()): ImportReport {
  const records = readRecords(file, detectFormat(file, format));
  const rejected: ImportReport['rejected'] = [];
  const rows: NewReply[] = [];
  for (const record of records) {
    if (record.error) {
      rejected.push({ line: record.line, reason: record.error });
      continue;
    }
    const parsed = importRow.safeParse(record.value);
    if (!parsed.success) {
      rejected.push({
        line: record.line,
        reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const row = parsed.data;
    const text = cleanInboundText(row.text);
    // Keyed, so the stored key reveals nothing about the raw (unscrubbed) text.
    const importKey = createHmac('sha256', ctx.keys.contactLookup)
      .update(
        JSON.stringify([
          'import',
          row.id ?? null,
          text,
          row.prompt ?? null,
          row.group ?? null,
          row.date ?? null,
        ]),
      )
      .digest('base64url');
    rows.push({
      participantId: null,
      promptId: row.prompt ?? null,
      isFollowUp: false,
      text: scrub(text, { language: row.language }).text,
      channel: 'offline',
      language: row.language ?? null,
      group: row.group ?? null,
      receivedAt: row.date ? new Date(row.date) : now,
      source: 'imported',
      importKey,
    });
  }
  const imported = ctx.store.insertImported(rows);
  return { imported, alreadyPresent: rows.length - imported, rejected };
}
