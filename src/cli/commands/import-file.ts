/**
 * What `voices import FILE` does: validate, clean and scrub each row, and store it as an imported reply.
 * Re-importing a file adds nothing: each row has a keyed hash of its content as import key.
 *
 * - `participant` (optional): who wrote the row, stored only as a pseudonym (`importedAuthorId`): a phone number
 *   becomes the id that resident has live, so the digest counts them once and `voices forget` erases both. Rows
 *   without one count as one person each.
 * - `date`: a local date (or date and time) in TIMEZONE, or ISO 8601 with an offset; ambiguous forms are refused.
 * - Unknown prompt ids, unknown groups and an id repeated with other text are accepted with a warning.
 */
import { createHmac } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import type { NewReply } from '../../core/ports/store.js';
import { importedAuthorId } from '../../core/privacy/keys.js';
import { scrub } from '../../core/privacy/scrub/index.js';
import { cleanInboundText } from '../../core/text/normalize.js';
import { CHANNELS } from '../../core/types.js';
import { parseImportDate } from '../../io/import-date.js';
import { detectFormat, emptyToUndefined, readTable, SEPARATOR_NAMES } from '../../io/read-records.js';
import type { CliContext } from '../context.js';

const optionalText = (max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().max(max)).optional(),
  );

export const importRow = z.object({
  text: z.string({ error: 'required' }).trim().min(1, 'empty').max(10_000, 'longer than 10,000 characters'),
  id: optionalText(200),
  prompt: z.preprocess(emptyToUndefined, z.string().trim().max(64).optional()),
  group: z.preprocess(emptyToUndefined, z.string().trim().max(64).optional()),
  date: z.preprocess(emptyToUndefined, z.string().optional()),
  language: z.preprocess(emptyToUndefined, z.enum(['en', 'fr']).optional()),
  participant: optionalText(320),
  /** Kept from `voices export`: the channel a reply came in on, and whether it answered a follow-up. */
  channel: z.preprocess(emptyToUndefined, z.enum([...CHANNELS, 'offline']).optional()),
  is_follow_up: z.preprocess(
    (v) => (v === 'true' ? true : v === 'false' ? false : emptyToUndefined(v)),
    z.boolean().optional(),
  ),
});

export interface ImportReport {
  imported: number;
  alreadyPresent: number;
  rejected: Array<{ line: number; reason: string }>;
  /** Rows stored, but worth a look: unknown prompt ids or groups, an id repeated with other text. */
  warnings: Array<{ line: number; message: string }>;
}

export interface ImportOptions {
  timezone: string;
  phoneRegion: CountryCode;
  /** The prompt file's prompt and group ids; rows naming others are warned about. */
  promptIds: ReadonlySet<string>;
  groupIds: ReadonlySet<string>;
}

export function importOptions(ctx: CliContext): ImportOptions {
  return {
    timezone: ctx.config.TIMEZONE,
    phoneRegion: ctx.config.PHONE_REGION as CountryCode,
    promptIds: new Set(ctx.script.prompts.map((p) => p.id)),
    groupIds: new Set(ctx.script.groups.options.map((g) => g.id)),
  };
}

export async function importFile(
  ctx: CliContext,
  file: string,
  format?: string,
  now = new Date(),
): Promise<ImportReport> {
  const table = readTable(file, detectFormat(file, format));
  if (table.columns && !table.columns.includes('text')) {
    const found =
      table.columns.length === 1 ? `one column "${table.columns[0]}"` : `columns ${table.columns.join(', ')}`;
    throw new VoicesError(
      ErrorCode.ImportInvalid,
      `${file}: no "text" column (the header, read as ${SEPARATOR_NAMES[table.separator ?? ',']}-separated, has ${found}); ` +
        'separate columns with commas, semicolons or tabs',
    );
  }
  const options = importOptions(ctx);
  const rejected: ImportReport['rejected'] = [];
  const warnings: ImportReport['warnings'] = [];
  const rows: NewReply[] = [];
  const textsById = new Map<string, { line: number; text: string }>();
  for (const record of table.records) {
    if (record.error) {
      rejected.push({ line: record.line, reason: record.error });
      continue;
    }
    const parsed = importRow.safeParse(withDateAlias(record.value));
    if (!parsed.success) {
      rejected.push({
        line: record.line,
        reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const row = parsed.data;
    const date = row.date === undefined ? undefined : parseImportDate(row.date, options.timezone);
    if (date && !date.ok) {
      rejected.push({ line: record.line, reason: `date: ${date.reason}` });
      continue;
    }
    const text = cleanInboundText(row.text);
    warn(warnings, record.line, row, text, options, textsById);
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
      isFollowUp: row.is_follow_up ?? false,
      text: scrub(text, { language: row.language }).text,
      channel: row.channel ?? 'offline',
      language: row.language ?? null,
      group: row.group ?? null,
      receivedAt: date?.ok ? date.date : now,
      source: 'imported',
      importKey,
      authorId: row.participant ? importedAuthorId(ctx.keys, row.participant, options.phoneRegion) : null,
    });
  }
  const imported = await ctx.store.insertImported(rows);
  return { imported, alreadyPresent: rows.length - imported, rejected, warnings };
}

/** `voices export` names the date `received_at`; import reads it back as `date`. */
function withDateAlias(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  return v.date === undefined && v.received_at !== undefined ? { ...v, date: v.received_at } : value;
}

function warn(
  warnings: ImportReport['warnings'],
  line: number,
  row: z.infer<typeof importRow>,
  text: string,
  options: ImportOptions,
  textsById: Map<string, { line: number; text: string }>,
): void {
  if (row.prompt !== undefined && !options.promptIds.has(row.prompt))
    warnings.push({ line, message: `prompt "${row.prompt}" is not in the prompt file` });
  if (row.group !== undefined && !options.groupIds.has(row.group))
    warnings.push({ line, message: `group "${row.group}" is not in the prompt file` });
  if (row.id === undefined) return;
  const first = textsById.get(row.id);
  if (!first) textsById.set(row.id, { line, text });
  else if (first.text !== text)
    warnings.push({ line, message: `id "${row.id}" was used on line ${first.line} with other text` });
}
