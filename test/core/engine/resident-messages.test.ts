/**
 * The table of resident messages (resident-messages.ts): each one at its stage, with what the bot
 * did. RESIDENT_CORPUS=path/to/rows.json runs another corpus of the same [stage, language, text,
 * outcome] rows as well (reviewers keep a larger one).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EngineContext, type StepResult, step } from '../../../src/core/engine/conversation.js';
import { parseQuietHours } from '../../../src/core/engine/quiet-hours.js';
import type { ParticipantState } from '../../../src/core/engine/state.js';
import { loadPromptFile } from '../../../src/core/prompts/load.js';
import { RESIDENT_MESSAGES, type Row, type Stage } from './resident-messages.js';

const script = loadPromptFile('prompts/community-conversation.yaml');
const ctx: EngineContext = {
  script,
  organization: 'Riverside',
  defaultLanguage: 'en',
  timezone: 'America/Toronto',
  quietHours: parseQuietHours('21:00-08:00'),
  now: new Date('2026-11-16T15:00:00Z'),
};

function converse(texts: string[]): ParticipantState | null {
  let state: ParticipantState | null = null;
  for (const text of texts) state = step(state, { text }, ctx).state;
  return state;
}

const PATHS: Record<Stage, Record<'en' | 'fr', string[]>> = {
  first: { en: [], fr: [] },
  welcome: { en: ['hi'], fr: ['Bonjour'] },
  group: { en: ['hi', 'yes'], fr: ['Bonjour', 'oui'] },
  prompt: { en: ['hi', 'yes', 'skip'], fr: ['Bonjour', 'oui', 'passer'] },
  follow_up: { en: ['hi', 'yes', 'skip', 'The park'], fr: ['Bonjour', 'oui', 'passer', 'Le parc'] },
  idle: {
    en: ['hi', 'yes', 'skip', 'The park', 'It is quiet'],
    fr: ['Bonjour', 'oui', 'passer', 'Le parc', "C'est calme"],
  },
  opted_out: { en: ['hi', 'yes', 'skip', 'STOP'], fr: ['Bonjour', 'oui', 'passer', 'ARRÊT'] },
  declined: { en: ['hi', 'no'], fr: ['Bonjour', 'non'] },
};

const text = (key: Parameters<typeof message>[0], language: 'en' | 'fr') => message(key, language);
function message(key: keyof typeof script.messages, language: 'en' | 'fr'): string {
  return script.messages[key][language].replace('{org}', 'Riverside').split('{')[0] ?? '';
}
const sent = (r: StepResult, key: keyof typeof script.messages) =>
  r.outgoing.some((o) => o.text.startsWith(text(key, 'en')) || o.text.startsWith(text(key, 'fr')));

/** What the bot did with one message, in the table's words. */
function outcomeOf(prior: ParticipantState | null, r: StepResult): string {
  if (r.effects.some((e) => e.type === 'erase') || (r.state === null && sent(r, 'deleted'))) return 'delete';
  const state = r.state as ParticipantState;
  const stored = r.effects.filter((e) => e.type === 'store_reply');
  const kept = stored.some((e) => e.promptId !== null) ? 'answer' : stored.length > 0 ? 'kept' : null;
  const asked = state.asked ? `ask:${state.asked}` : null;
  const both = (main: string) => [kept && kept !== 'kept' ? kept : null, main].filter(Boolean).join('+');

  if (state.status === 'opted_out' && prior?.status !== 'opted_out') return both('opt_out');
  if (prior?.status === 'opted_out' && state.status !== 'opted_out') return 'start';
  if (state.status === 'active' && !prior?.consentedAt && (prior === null || prior.status !== 'active'))
    return 'consent';
  if (state.status === 'declined' && prior?.status !== 'declined') return 'decline';
  if (sent(r, 'help')) return 'help';
  if (sent(r, 'languageChanged')) return `lang:${state.language}`;
  if (prior?.stage === 'group' && state.stage === 'prompt') {
    if (state.group) return `group:${state.group}`;
    if (kept) return 'kept';
    return 'skip';
  }
  if (sent(r, 'skipped') || sent(r, 'skippedIdle')) return 'skip';
  if (prior?.stage === 'follow_up' && state.stage === 'idle' && !kept) return 'skip';
  if (asked) return [kept, asked].filter(Boolean).join('+');
  if (kept) return kept;
  if ((state.held?.length ?? 0) > (prior?.held?.length ?? 0)) return 'held';
  if (sent(r, 'welcomeConfirm')) return 'confirm';
  if (sent(r, 'welcome')) return 'welcome';
  if (sent(r, 'courtesy') || sent(r, 'alreadyIn')) return 'ack';
  if (r.outgoing.length === 0) return 'silent';
  return 'reask';
}

function run(row: Row): { outcome: string; replies: string[] } {
  const [stage, language, message] = row;
  const prior = converse(PATHS[stage][language]);
  const r = step(prior, { text: message }, ctx);
  return { outcome: outcomeOf(prior, r), replies: r.outgoing.map((o) => o.text) };
}

describe('resident messages, as people write them', () => {
  it('the table is large enough: 150+ messages, 40+ genuine answers that use trigger words', () => {
    expect(RESIDENT_MESSAGES.length).toBeGreaterThanOrEqual(150);
    const trigger =
      /\b(stop|stopp\w*|arr[eê]t\w*|delete|forget|remove|effac\w*|supprim\w*|help\w*|aide|info|skip|pass\w*|next|start\w*|quit|cancel\w*|end|what is this|c'est quoi|english|french|fran[cç]ais|yes|no|oui)\b/i;
    const genuine = RESIDENT_MESSAGES.filter(([, , t, outcome]) => outcome === 'answer' && trigger.test(t));
    expect(genuine.length).toBeGreaterThanOrEqual(40);
    expect(new Set(RESIDENT_MESSAGES.map(([s]) => s)).size).toBe(8);
    expect(RESIDENT_MESSAGES.filter(([, l]) => l === 'fr').length).toBeGreaterThanOrEqual(50);
  });

  it.each(RESIDENT_MESSAGES.map((row) => [row[0], row[2], row[3], row] as const))(
    '%s: %j → %s',
    (_stage, _text, expected, row) => {
      expect(run(row).outcome).toBe(expected);
    },
  );

  it('answers in the language of the resident: a French NON is declined in French', () => {
    const prior = converse(['hi']);
    const r = step(prior, { text: 'NON' }, ctx);
    expect(r.outgoing[0]?.text).toBe(script.messages.declined.fr);
    expect(r.state?.language).toBe('fr');
  });
});

const corpus = process.env.RESIDENT_CORPUS;
describe.runIf(corpus)('a reviewer corpus (RESIDENT_CORPUS)', () => {
  const rows = corpus ? (JSON.parse(readFileSync(corpus, 'utf8')) as Row[]) : [];
  it.each(rows.map((row) => [row[0], row[2], row[3], row] as const))(
    '%s: %j → %s',
    (_s, _t, expected, row) => {
      expect(run(row).outcome).toBe(expected);
    },
  );
});
