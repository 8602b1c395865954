/**
 * `voices themes FILE [--themes N] [--by prompt] [--json]`: themes from a CSV or JSONL file of replies, offline.
 * Without `--json` a readable table; with `--json` exactly
 * `{"themes":[{"id","label","keywords","replyIds","quotes"}],"unthemed":[ids]}`.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import type { Embedder } from '../../core/themes/embedder.js';
import { findThemes } from '../../core/themes/find-themes.js';
import type { ThemeInput, ThemeResult } from '../../core/themes/types.js';
import { detectFormat, readRecords } from '../../io/read-records.js';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const themeRow = z.object({
  id: z.union([z.string().trim().min(1, 'empty id'), z.number()], { error: 'id required' }).transform(String),
  text: z.string({ error: 'text required' }).max(10_000, 'longer than 10,000 characters'),
  prompt: z.preprocess(emptyToUndefined, z.string().trim().optional()),
  group: z.preprocess(emptyToUndefined, z.string().trim().optional()),
  date: z.preprocess(emptyToUndefined, z.string().trim().optional()),
  language: z.preprocess(emptyToUndefined, z.enum(['en', 'fr']).optional()),
});

export interface ThemesFileResult extends ThemeResult {
  /** Per prompt when `--by prompt`. */
  byPrompt?: Array<{ prompt: string; result: ThemeResult }>;
  rejected: Array<{ line: number; reason: string }>;
}

/** Reads and validates a replies file; rows that fail are reported by line (never by content). */
export function readReplies(
  path: string,
  format?: string,
): { replies: ThemeInput[]; rejected: ThemesFileResult['rejected'] } {
  const records = readRecords(path, detectFormat(path, format));
  const replies: ThemeInput[] = [];
  const rejected: ThemesFileResult['rejected'] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r.error) {
      rejected.push({ line: r.line, reason: r.error });
      continue;
    }
    const parsed = themeRow.safeParse(r.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({
        line: r.line,
        reason: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}`,
      });
      continue;
    }
    if (seen.has(parsed.data.id)) {
      rejected.push({ line: r.line, reason: 'id: duplicate' });
      continue;
    }
    seen.add(parsed.data.id);
    replies.push(parsed.data);
  }
  return { replies, rejected };
}

const LARGE_INPUT = 2_000;

export async function themesForFile(
  path: string,
  options: {
    themes?: number;
    /** Seed of the clustering runs (default: the engine's). */
    seed?: number;
    by?: string;
    format?: string;
    progress?: (line: string) => void;
    /** Defaults to the wink word vectors; tests pass a small one. */
    embedder?: Embedder | null;
  },
): Promise<ThemesFileResult> {
  const { replies, rejected } = readReplies(path, options.format);
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
    for (const prompt of [...groups.keys()].sort()) {
      const result = await findThemes(groups.get(prompt)!, {
        themes: options.themes,
        seed: options.seed,
        embedder: options.embedder,
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
  const result = await findThemes(replies, {
    themes: options.themes,
    seed: options.seed,
    embedder: options.embedder,
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
    .option('--themes <n>', 'force the number of themes (per prompt with --by prompt)')
    .option('--seed <n>', 'seed of the clustering: the same replies and seed always give the same themes')
    .option('--by <field>', 'theme each prompt separately: --by prompt')
    .option('--format <format>', 'csv or jsonl (default: from the file extension)')
    .option('--json', 'print {"themes":[…],"unthemed":[…]} as JSON')
    .action(
      async (
        file: string,
        options: { themes?: string; seed?: string; by?: string; format?: string; json?: boolean },
      ) => {
        let themes: number | undefined;
        if (options.themes !== undefined) {
          themes = Number(options.themes);
          if (!Number.isInteger(themes) || themes < 1 || themes > 1000) {
            throw new VoicesError(ErrorCode.InputInvalid, '--themes must be an integer from 1 to 1000');
          }
        }
        const seed = options.seed === undefined ? undefined : Number(options.seed);
        if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)) {
          throw new VoicesError(ErrorCode.InputInvalid, '--seed must be a non-negative integer');
        }
        if (options.by !== undefined && options.by !== 'prompt') {
          throw new VoicesError(ErrorCode.InputInvalid, '--by accepts only "prompt"');
        }
        const isTty = process.stderr.isTTY === true;
        const result = await themesForFile(file, {
          themes,
          seed,
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
