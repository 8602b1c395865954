/**
 * `voices themes FILE [--themes N] [--background WORDS] [--question TEXT] [--by prompt] [--json]`: themes from a CSV
 * or JSONL file of replies, offline. Without `--json` a readable table; with `--json` exactly
 * `{"themes":[{"id","label","keywords","replyIds","quotes"}],"unthemed":[ids]}`.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { commaList } from '../../config/env-vars.js';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import { findThemes } from '../../core/themes/find-themes.js';
import type { ThemeInput, ThemeResult } from '../../core/themes/types.js';
import { detectFormat, emptyToUndefined, readRecords } from '../../io/read-records.js';

/** The row schema, built from the zod module it is given (see `loadThemeRow`). */
export function themeRowSchema(zod: typeof z) {
  return zod.object({
    id: zod
      .union([zod.string().trim().min(1, 'empty id'), zod.number()], { error: 'id required' })
      .transform(String),
    text: zod.string({ error: 'text required' }).max(10_000, 'longer than 10,000 characters'),
    prompt: zod.preprocess(emptyToUndefined, zod.string().trim().optional()),
    group: zod.preprocess(emptyToUndefined, zod.string().trim().optional()),
    date: zod.preprocess(emptyToUndefined, zod.string().trim().optional()),
    language: zod.preprocess(emptyToUndefined, zod.enum(['en', 'fr']).optional()),
  });
}

let themeRowLoading: Promise<ReturnType<typeof themeRowSchema>> | undefined;

/**
 * zod is imported only when a row needs it: the import costs ~75 ms of the ~0.8 s `voices themes` budget
 * (`node -e "…import('zod')…"`), and rows that pass `plainThemeRow` never do.
 */
export function loadThemeRow(): Promise<ReturnType<typeof themeRowSchema>> {
  themeRowLoading ??= import('zod').then(({ z: zod }) => themeRowSchema(zod));
  return themeRowLoading;
}

const OPTIONAL_TEXT = ['prompt', 'group', 'date'] as const;

/**
 * What the row schema returns for the rows it surely accepts (same values, same keys in the same order), else
 * undefined: the schema then decides and words the rejection. The 20,000 rows of stackoverflow-titles.csv: 64 ms
 * with zod, 7 ms with this (medians of 9 one-shot runs of a bundled script, busy 2-core machine).
 */
export function plainThemeRow(value: unknown): ThemeInput | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const row = value as Record<string, unknown>;
  const rawId = row.id;
  let id: string;
  if (typeof rawId === 'string') {
    id = rawId.trim();
    if (id === '') return undefined;
  } else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
    id = String(rawId);
  } else {
    return undefined;
  }
  const text = row.text;
  if (typeof text !== 'string' || text.length > 10_000) return undefined;
  const out: ThemeInput = { id, text };
  for (const key of OPTIONAL_TEXT) {
    // zod keeps a key the input has, even when its value becomes undefined.
    if (!(key in row)) continue;
    const v = row[key];
    if (v === '' || v === null || v === undefined) out[key] = undefined;
    else if (typeof v === 'string') out[key] = v.trim();
    else return undefined;
  }
  if ('language' in row) {
    const v = row.language;
    if (v === '' || v === null || v === undefined) out.language = undefined;
    else if (v === 'en' || v === 'fr') out.language = v;
    else return undefined;
  }
  return out;
}

export interface ThemesFileResult extends ThemeResult {
  /** Per prompt when `--by prompt`. */
  byPrompt?: Array<{ prompt: string; result: ThemeResult }>;
  rejected: Array<{ line: number; reason: string }>;
}

/** Reads and validates a replies file; rows that fail are reported by line (never by content). */
export async function readReplies(
  path: string,
  format?: string,
): Promise<{ replies: ThemeInput[]; rejected: ThemesFileResult['rejected'] }> {
  const records = readRecords(path, detectFormat(path, format));
  const replies: ThemeInput[] = [];
  const rejected: ThemesFileResult['rejected'] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r.error) {
      rejected.push({ line: r.line, reason: r.error });
      continue;
    }
    let row = plainThemeRow(r.value);
    if (!row) {
      const parsed = (await loadThemeRow()).safeParse(r.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rejected.push({
          line: r.line,
          reason: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}`,
        });
        continue;
      }
      row = parsed.data;
    }
    if (seen.has(row.id)) {
      rejected.push({ line: r.line, reason: 'id: duplicate' });
      continue;
    }
    seen.add(row.id);
    replies.push(row);
  }
  return { replies, rejected };
}

const LARGE_INPUT = 2_000;

/** Refuses a number of themes the replies cannot make (more themes than replies). */
function checkThemes(themes: number | undefined, replies: number, prompt?: string): void {
  if (themes !== undefined && themes > replies) {
    throw new VoicesError(
      ErrorCode.InputInvalid,
      `--themes ${themes} is more than the ${replies} replies${prompt === undefined ? '' : ` of prompt "${prompt}"`}: ask for at most ${replies}`,
    );
  }
}

export async function themesForFile(
  path: string,
  options: {
    themes?: number;
    /** See `ThemeOptions.backgroundWords`. */
    backgroundWords?: readonly string[];
    /** See `ThemeOptions.question`. */
    question?: string;
    by?: string;
    format?: string;
    progress?: (line: string) => void;
  },
): Promise<ThemesFileResult> {
  const { replies, rejected } = await readReplies(path, options.format);
  const progress =
    options.progress && replies.length >= LARGE_INPUT
      ? (label: string) => {
          let last = -1;
          return (done: number, total: number) => {
            const pct = Math.floor((100 * done) / total);
            if (pct >= last + 10 || pct === 100) {
              last = pct;
              options.progress!(`${label}${pct}%`);
            }
          };
        }
      : undefined;
  if (options.by === 'prompt') {
    const groups = new Map<string, ThemeInput[]>();
    for (const r of replies) {
      const key = r.prompt ?? '';
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const byPrompt: NonNullable<ThemesFileResult['byPrompt']> = [];
    const prompts = [...groups.keys()].sort();
    for (const prompt of prompts) checkThemes(options.themes, groups.get(prompt)!.length, prompt);
    for (const prompt of prompts) {
      const result = await findThemes(groups.get(prompt)!, {
        themes: options.themes,
        backgroundWords: options.backgroundWords,
        question: options.question,
        onProgress: progress?.(`themes [${prompt || 'no prompt'}]: `),
      });
      byPrompt.push({ prompt, result });
    }
    // Flat view: ids prefixed per prompt keep theme ids unique across prompts.
    const themes = byPrompt.flatMap(({ prompt, result }, p) =>
      result.themes.map((t) => ({ ...t, id: `p${p + 1}.${t.id}`, prompt })),
    );
    const unthemed = byPrompt.flatMap(({ result }) => result.unthemed);
    return { themes, unthemed, byPrompt, rejected };
  }
  checkThemes(options.themes, replies.length);
  const result = await findThemes(replies, {
    themes: options.themes,
    backgroundWords: options.backgroundWords,
    question: options.question,
    onProgress: progress?.('themes: '),
  });
  return { ...result, rejected };
}

export function toJson(result: ThemeResult): string {
  return JSON.stringify({
    themes: result.themes.map((t) => ({
      id: t.id,
      label: t.label,
      keywords: t.keywords,
      replyIds: t.replyIds,
      quotes: t.quotes,
    })),
    unthemed: result.unthemed,
  });
}

function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/gu, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function toTable(result: ThemesFileResult): string {
  const lines: string[] = [];
  const sections = result.byPrompt ?? [{ prompt: undefined, result }];
  for (const { prompt, result: r } of sections) {
    if (prompt !== undefined) lines.push(`== ${prompt || '(no prompt)'} ==`);
    const total = r.themes.reduce((n, t) => n + t.replyIds.length, 0) + r.unthemed.length;
    lines.push(`${r.themes.length} themes from ${total} replies (${r.unthemed.length} unthemed)`);
    for (const t of r.themes) {
      lines.push('');
      lines.push(`${t.id}  ${t.label}  (${t.replyIds.length} replies, ${t.participants} participants)`);
      lines.push(`    keywords: ${t.keywords.join(', ')}`);
      for (const q of t.quotes) lines.push(`    “${oneLine(q.text, 100)}” [${q.replyId}]`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function registerThemes(program: Command): void {
  program
    .command('themes')
    .description(
      'find themes in a CSV or JSONL file of replies (id, text; prompt, group, date optional), offline',
    )
    .argument('<file>', 'a .csv (with a header row) or .jsonl file')
    .option(
      '--themes <n>',
      'force the number of themes, from 1 to the number of replies (per prompt with --by prompt)',
    )
    .option(
      '--background <words>',
      'comma-separated words or phrases every reply may mention that make no theme, e.g. "Bowling Green, BG"',
    )
    .option('--question <text>', 'the question the replies answer: its words make no theme')
    .option('--by <field>', 'theme each prompt separately: --by prompt')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option('--json', 'print {"themes":[…],"unthemed":[…]} as JSON')
    .action(
      async (
        file: string,
        options: {
          themes?: string;
          background?: string;
          question?: string;
          by?: string;
          format?: string;
          json?: boolean;
        },
      ) => {
        let themes: number | undefined;
        if (options.themes !== undefined) {
          themes = /^\s*\d+\s*$/u.test(options.themes) ? Number(options.themes) : Number.NaN;
          if (!Number.isSafeInteger(themes) || themes < 1) {
            throw new VoicesError(
              ErrorCode.InputInvalid,
              `--themes must be a whole number from 1 to the number of replies (got "${options.themes}")`,
            );
          }
        }
        if (options.by !== undefined && options.by !== 'prompt') {
          throw new VoicesError(ErrorCode.InputInvalid, '--by accepts only "prompt"');
        }
        const isTty = process.stderr.isTTY === true;
        const backgroundWords = options.background === undefined ? undefined : commaList(options.background);
        const result = await themesForFile(file, {
          themes,
          backgroundWords,
          question: options.question,
          by: options.by,
          format: options.format,
          progress: (line) => process.stderr.write(isTty ? `\r${line}   ` : `${line}\n`),
        });
        if (isTty) process.stderr.write('\r\x1b[K');
        for (const r of result.rejected.slice(0, 50)) process.stderr.write(`line ${r.line}: ${r.reason}\n`);
        if (result.rejected.length > 50)
          process.stderr.write(`… and ${result.rejected.length - 50} more bad rows\n`);
        if (result.rejected.length > 0) process.stderr.write(`${result.rejected.length} rows skipped\n`);
        process.stdout.write(options.json ? `${toJson(result)}\n` : toTable(result));
        if (result.rejected.length > 0) process.exitCode = 2;
      },
    );
}
