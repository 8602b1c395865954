/**
 * The digest benches' shared setup: a community set spread over 4 weeks (with groups and repeat authors, the same
 * spread on every run), imported into a scratch store, and the digest settings the schedule would use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { digestTexts } from '../../src/core/digest/localize.js';
import { addDays, type Period, periodOf } from '../../src/core/digest/period.js';
import { engineThemer } from '../../src/core/digest/themer.js';
import type { NewReply } from '../../src/core/ports/store.js';
import { loadPromptFile } from '../../src/core/prompts/load.js';
import type { DigestSettings } from '../../src/runner/digest-scheduler.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { rng } from './rng.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DATASETS = resolve(ROOT, '..', 'shared', 'datasets');
export const DEFAULT_FILE = join(DATASETS, 'community-bg2050-volunteers-topics.csv');
export const TZ = 'America/Toronto';
export const WEEKS = 4;
export const FIRST_DAY = '2026-10-26';
export const GROUPS = ['parent', 'youth', 'senior', 'service-provider', 'other'];
/** Share of rows without a group, as on paper forms where the box was left empty. */
export const NO_GROUP = 0.1;
/** Share of rows written by someone who already wrote another one. */
export const REPEAT_AUTHOR = 0.15;

export interface Row {
  id: string;
  text: string;
  /** Hand-coded topics, when the set has them (scoring only). */
  labels: string[];
}

export function readTexts(file: string): Row[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return rows
    .map((r, i) => ({
      id: r.id ?? String(i),
      text: (r.text ?? r['comment-body'] ?? '').trim(),
      labels: [r.label, r.label2].filter((x): x is string => !!x && x.trim().length > 0),
    }))
    .filter((r) => r.text.length > 0);
}

export const weekPeriod = (w: number): Period =>
  periodOf(addDays(FIRST_DAY, 7 * w), addDays(FIRST_DAY, 7 * w + 6), TZ);

/** Each row as an imported reply: a random week and time in it, a group, an author (some write twice). */
export function spreadRows(texts: readonly Row[]): Array<NewReply & { authorId: string; receivedAt: Date }> {
  const random = rng(17);
  const authors: string[] = [];
  return texts.map((row, i) => {
    const week = Math.floor(random() * WEEKS);
    const period = weekPeriod(week);
    const at = new Date(
      period.start.getTime() + Math.floor(random() * (period.end.getTime() - period.start.getTime())),
    );
    const group = random() < NO_GROUP ? null : GROUPS[Math.floor(random() * GROUPS.length)]!;
    const author =
      authors.length > 0 && random() < REPEAT_AUTHOR
        ? authors[Math.floor(random() * authors.length)]!
        : `person-${i}`;
    authors.push(author);
    return {
      participantId: null,
      promptId: 'noticed',
      isFollowUp: false,
      text: row.text,
      channel: 'offline',
      language: null,
      group,
      receivedAt: at,
      source: 'imported' as const,
      importKey: `bench-${row.id}`,
      authorId: author,
    };
  });
}

/**
 * A scratch store and the schedule's digest settings; `close` removes the store. `background` is the benches'
 * `--background` value, a comma list.
 */
export function scratchDigests(options: {
  language: 'en' | 'fr';
  background: string;
  themer?: DigestSettings['themer'];
}): { store: SqliteStore; settings: DigestSettings; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'voices-bench-digest-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  const script = loadPromptFile(join(ROOT, 'prompts', 'community-conversation.yaml'));
  const settings: DigestSettings = {
    store,
    organization: 'Bench community',
    language: options.language,
    timezone: TZ,
    ...digestTexts(script),
    themer: options.themer ?? engineThemer,
    backgroundWords: options.background
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean),
    historyWeeks: WEEKS - 1,
  };
  const close = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, settings, close };
}
