import { describe, expect, it } from 'vitest';
import {
  type EngineContext,
  forcePrompt,
  nextCheckAt,
  step,
  tick,
} from '../../../src/core/engine/conversation.js';
import { parseQuietHours } from '../../../src/core/engine/quiet-hours.js';
import type { ParticipantState } from '../../../src/core/engine/state.js';
import { loadPromptFile } from '../../../src/core/prompts/load.js';

const script = loadPromptFile('prompts/community-conversation.yaml');

function ctxAt(iso: string): EngineContext {
  return {
    script,
    organization: 'Riverside',
    defaultLanguage: 'en',
    timezone: 'America/Toronto',
    quietHours: parseQuietHours('21:00-08:00'),
    now: new Date(iso),
  };
}

const DAY = '2026-11-16T15:00:00Z'; // 10:00 in Toronto

/** Runs messages in order and returns the last state and every text sent. */
function converse(texts: string[], ctx = ctxAt(DAY), start: ParticipantState | null = null) {
  let state = start;
  const sent: string[][] = [];
  const stored: string[] = [];
  for (const text of texts) {
    const r = step(state, { text }, ctx);
    state = r.state;
    sent.push(r.outgoing.map((o) => o.text));
    for (const e of r.effects) if (e.type === 'store_reply') stored.push(e.text);
  }
  return { state, sent, stored };
}

describe('conversation engine', () => {
  it('welcomes, asks consent, the group, then the first prompt, the follow-up and thanks', () => {
    const { state, sent, stored } = converse([
      'hi',
      'yes',
      '3',
      'The new bus shelter',
      'It keeps seniors dry while they wait',
    ]);
    expect(sent[0]?.[0]).toMatch(/Reply YES to join/);
    expect(sent[1]?.[0]).toMatch(/Which best describes you/);
    expect(sent[2]).toEqual(['What have you noticed in your community lately?']);
    expect(sent[3]?.[0]).toMatch(/tell us a bit more/);
    expect(sent[4]?.[0]).toMatch(/Thank you, that helps/);
    expect(stored).toEqual(['The new bus shelter', 'It keeps seniors dry while they wait']);
    expect(state?.group).toBe('senior');
    expect(state?.status).toBe('active');
    expect(state?.stage).toBe('idle');
  });

  it('sends no prompt and stores nothing before consent; words written before it wait for the YES', () => {
    const { sent, stored, state } = converse(['hello', 'what is this?', 'The park on Elm needs more lights']);
    expect(stored).toEqual([]);
    expect(state?.status).toBe('awaiting_consent');
    expect(sent.flat().some((t) => /noticed/.test(t))).toBe(false);
    expect(sent[1]?.[0]).toMatch(/Keywords/);
    expect(sent[2]?.[0]).toMatch(/To take part, and for us to keep what you wrote, reply YES/);
    expect(state?.held?.map((h) => h.text)).toEqual(['The park on Elm needs more lights']);
    const yes = step(state ?? null, { text: 'yes' }, ctxAt(DAY));
    expect(yes.effects).toEqual([
      { type: 'store_reply', promptId: null, isFollowUp: false, text: 'The park on Elm needs more lights' },
    ]);
    expect(yes.state?.held).toEqual([]);
    const no = step(state ?? null, { text: 'no' }, ctxAt(DAY));
    expect(no.effects).toEqual([]);
    expect(no.state?.held).toEqual([]);
  });

  it('OUI consents in French and every later message is French', () => {
    const { sent, state } = converse(['Bonjour', 'oui', 'PASSER', 'Le jardin communautaire']);
    expect(sent[0]?.[0]).toMatch(/^Bonjour!/);
    expect(state?.language).toBe('fr');
    expect(sent[1]?.[0]).toMatch(/Qu'est-ce qui vous décrit/);
    expect(sent[2]).toEqual(["Qu'avez-vous remarqué dans votre communauté dernièrement?"]);
    expect(sent[3]?.[0]).toMatch(/Pouvez-vous nous en dire/);
  });

  it("without ORG_NAME, the organization is named in the resident's language", () => {
    const ctx = { ...ctxAt(DAY), organization: undefined };
    expect(step(null, { text: 'Bonjour' }, ctx).outgoing[0]?.text).toMatch(/^Bonjour! Notre communauté veut/);
    expect(step(null, { text: 'Hello' }, ctx).outgoing[0]?.text).toMatch(/^Hi! Our community wants/);
  });

  it('the texts name things right: "En français : OUI" with its cedilla, the French HELP with the French name', () => {
    expect(step(null, { text: 'hi' }, ctxAt(DAY)).outgoing[0]?.text).toMatch(/En français : OUI$/);
    const french = converse(['Bonjour', 'oui']).state;
    const help = step(french, { text: 'AIDE' }, ctxAt(DAY)).outgoing[0]?.text ?? '';
    expect(help).toMatch(/^Riverside - Recueillir les voix\./);
    expect(help).not.toContain('Gathering Voices');
  });

  it('FR switches language at any point and re-asks the current question', () => {
    const { sent, state } = converse(['hi', 'yes', 'skip', 'fr']);
    expect(state?.language).toBe('fr');
    expect(sent[3]).toEqual([
      "D'accord, nous vous écrirons en français.",
      "Qu'avez-vous remarqué dans votre communauté dernièrement?",
    ]);
  });

  it.each([
    'STOP',
    'stop.',
    'Arrêt',
    'ARRET',
    'unsubscribe',
    'Quit',
    'stopall',
    'please stop texting me',
    "arrêtez de m'écrire",
    'Ne m’écrivez plus svp',
  ])('opts out on "%s", confirms once, then stays silent until START', (word) => {
    const joined = converse(['hi', 'yes', 'skip']).state;
    const out = step(joined, { text: word }, ctxAt(DAY));
    expect(out.state?.status).toBe('opted_out');
    expect(out.outgoing).toHaveLength(1);
    expect(out.outgoing[0]?.text).toMatch(/unsubscribed|désabonné/);
    // Words written after opting out are kept, and the resident is told once that no questions come.
    const again = step(out.state, { text: 'The park is great this year' }, ctxAt(DAY));
    expect(again.outgoing.map((o) => o.text)).toEqual([
      expect.stringMatching(/we kept what you wrote|nous avons gardé/),
      expect.stringMatching(/will get no questions|ne recevrez pas de questions/),
    ]);
    expect(again.effects).toHaveLength(1);
    const third = step(again.state, { text: 'And the library too, very nice' }, ctxAt(DAY));
    expect(third.outgoing).toEqual([]);
    expect(third.effects).toHaveLength(1);
    expect(step(out.state, { text: 'ok' }, ctxAt(DAY)).outgoing).toEqual([]);
    const second = step(out.state, { text: 'STOP' }, ctxAt(DAY));
    expect(second.outgoing).toEqual([]);
    const back = step(out.state, { text: 'START' }, ctxAt(DAY));
    expect(back.state?.status).toBe('active');
    expect(back.outgoing[0]?.text).toMatch(/Welcome back/);
  });

  it('does not opt out on replies that merely mention stopping', () => {
    const joined = converse(['hi', 'yes', 'skip']).state;
    const r = step(joined, { text: 'The bus stop on King St needs a shelter' }, ctxAt(DAY));
    expect(r.state?.status).toBe('active');
    expect(r.effects).toHaveLength(1);
  });

  it('DELETE erases with one confirmation; EFFACER too', () => {
    const joined = converse(['hi', 'yes', 'skip', 'Something']).state;
    for (const word of ['DELETE', 'effacer', 'Forget']) {
      const r = step(joined, { text: word }, ctxAt(DAY));
      expect(r.state).toBeNull();
      expect(r.effects).toEqual([{ type: 'erase' }]);
      expect(r.outgoing).toHaveLength(1);
    }
  });

  it('answers HELP at any point without changing the state', () => {
    const joined = converse(['hi', 'yes']).state;
    const r = step(joined, { text: 'aide' }, ctxAt(DAY));
    expect(r.outgoing[0]?.text).toMatch(/Keywords/);
    expect(r.state).toEqual(joined);
  });

  it('keeps several messages in a row as replies to the current prompt, and acknowledges each after the thanks', () => {
    const { stored, sent } = converse([
      'hi',
      'yes',
      'skip',
      'one',
      'two',
      'three',
      'four',
      'skip',
      'thanks!',
    ]);
    expect(stored).toEqual(['one', 'two', 'three', 'four']);
    // Follow-up once, thanks once, then each addition acknowledged.
    expect(sent[3]?.[0]).toMatch(/tell us a bit more/);
    expect(sent[4]?.[0]).toMatch(/Thank you, that helps/);
    expect(sent[5]).toEqual(['Thank you, we added that to your answer.']);
    expect(sent[6]).toEqual(['Thank you, we added that to your answer.']);
    expect(sent[7]).toEqual(['No problem, nothing more is needed for this question.']);
    expect(sent[8]).toEqual(['Thank you! We will be in touch.']);
  });

  it('handles empty, emoji-only and media-only messages politely', () => {
    const joined = converse(['hi', 'yes', 'skip']).state;
    expect(step(joined, { text: '   ' }, ctxAt(DAY)).outgoing[0]?.text).toMatch(/looks empty/);
    expect(step(joined, { text: '', attachmentCount: 1 }, ctxAt(DAY)).outgoing[0]?.text).toMatch(
      /only read text/,
    );
    const emoji = step(joined, { text: '🌳🌳🙂' }, ctxAt(DAY));
    expect(emoji.effects).toHaveLength(1);
  });

  it('does not trap a resident at the group question', () => {
    const { state, sent } = converse(['hi', 'yes', 'banana', 'still banana']);
    expect(sent[2]?.[0]).toMatch(/didn't catch that/);
    expect(state?.stage).toBe('prompt');
    expect(state?.group).toBeNull();
  });

  it('a STOP as the very first message opts out without a welcome', () => {
    const r = step(null, { text: 'STOP' }, ctxAt(DAY));
    expect(r.state?.status).toBe('opted_out');
    expect(r.outgoing).toHaveLength(1);
    expect(r.outgoing[0]?.text).not.toMatch(/Reply YES/);
  });
});

describe('words written before consent', () => {
  it('a first message that says something is held (scrubbed), and kept on YES', () => {
    const ctx = { ...ctxAt(DAY), scrub: (t: string) => t.replace(/\d{3}-\d{4}/g, '[phone]') };
    const first = step(null, { text: 'The park needs lights, call 555-0177' }, ctx);
    expect(first.outgoing[0]?.text).toMatch(/^Thanks for your message!.*we will keep what you wrote/);
    expect(first.state?.held?.map((h) => h.text)).toEqual(['The park needs lights, call [phone]']);
    const yes = step(first.state, { text: 'yes' }, ctx);
    expect(yes.state?.status).toBe('active');
    expect(yes.effects).toEqual([
      { type: 'store_reply', promptId: null, isFollowUp: false, text: 'The park needs lights, call [phone]' },
    ]);
  });

  it('a first YES gets the privacy notice and a YES to confirm; the second YES is consent', () => {
    const first = step(null, { text: 'Yes please' }, ctxAt(DAY));
    expect(first.state?.status).toBe('awaiting_consent');
    expect(first.outgoing[0]?.text).toMatch(
      /^Thanks for your YES! Before you join.*anonymous.*Reply YES to confirm/,
    );
    const second = step(first.state, { text: 'yes' }, ctxAt(DAY));
    expect(second.state?.status).toBe('active');
    const oui = step(null, { text: 'oui' }, ctxAt(DAY));
    expect(oui.outgoing[0]?.text).toMatch(/^Merci pour votre OUI!/);
  });

  it('held words expire after seven days without a YES', () => {
    const first = step(null, { text: 'The library needs longer hours' }, ctxAt(DAY));
    const state = first.state as ParticipantState;
    const due = nextCheckAt(state, ctxAt(DAY));
    expect(due?.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(tick(state, ctxAt('2026-11-22T15:00:00Z')).state?.held).toHaveLength(1);
    const expired = tick(state, ctxAt('2026-11-23T15:00:00Z')).state as ParticipantState;
    expect(expired.held).toEqual([]);
    expect(nextCheckAt(expired, ctxAt(DAY))).toBeNull();
  });

  it('"Did you mean STOP?" — a yes carries it out, a no changes nothing', () => {
    const joined = converse(['hi', 'yes', 'skip']).state;
    const asked = step(joined, { text: 'stpo' }, ctxAt(DAY));
    expect(asked.outgoing.map((o) => o.text)).toEqual([
      'Did you mean STOP? Reply STOP to stop getting our messages.',
    ]);
    expect(asked.effects).toEqual([]);
    expect(step(asked.state, { text: 'yes' }, ctxAt(DAY)).state?.status).toBe('opted_out');
    const no = step(asked.state, { text: 'no' }, ctxAt(DAY));
    expect(no.state?.status).toBe('active');
    expect(no.outgoing[0]?.text).toBe('OK, nothing has changed.');
    // Anything else is simply the next message.
    const answer = step(asked.state, { text: 'The new benches are great' }, ctxAt(DAY));
    expect(answer.effects).toHaveLength(1);
  });

  it('learns the timezone the platform states, and takes a hint only when none is known', () => {
    const r = step(null, { text: 'hi', timezone: { zone: 'America/Vancouver', source: 'hint' } }, ctxAt(DAY));
    expect(r.state?.timezone).toBe('America/Vancouver');
    const slack = step(
      r.state,
      { text: 'yes', timezone: { zone: 'America/Halifax', source: 'platform' } },
      ctxAt(DAY),
    );
    expect(slack.state?.timezone).toBe('America/Halifax');
    const hint = step(
      slack.state,
      { text: '1', timezone: { zone: 'America/Regina', source: 'hint' } },
      ctxAt(DAY),
    );
    expect(hint.state?.timezone).toBe('America/Halifax');
    const bogus = step(
      hint.state,
      { text: 'x', timezone: { zone: 'Mars/Base', source: 'platform' } },
      ctxAt(DAY),
    );
    expect(bogus.state?.timezone).toBe('America/Halifax');
  });
});

describe('schedule', () => {
  const joined = converse(['hi', 'yes', 'skip']).state as ParticipantState;

  it('sends one reminder after the configured hours, then nothing until the next prompt', () => {
    const at = (h: number) => ctxAt(new Date(Date.parse(DAY) + h * 3_600_000).toISOString());
    expect(tick(joined, at(47)).outgoing).toEqual([]);
    const reminded = tick(joined, at(48));
    expect(reminded.outgoing[0]?.kind).toBe('reminder');
    expect(reminded.outgoing[0]?.text).toMatch(/gentle reminder.*noticed/);
    expect(tick(reminded.state as ParticipantState, at(72)).outgoing).toEqual([]);
    const next = tick(reminded.state as ParticipantState, at(7 * 24));
    expect(next.outgoing[0]?.kind).toBe('prompt');
    expect(next.outgoing[0]?.promptId).toBe('working-well');
  });

  it('never sends in quiet hours, and the next check is when they end', () => {
    // 7 days later at 03:00 UTC = 22:00 in Toronto: quiet.
    const late = ctxAt('2026-11-24T03:00:00Z');
    expect(tick(joined, late).outgoing).toEqual([]);
    const check = nextCheckAt({ ...joined, reminderSent: true, promptSentAt: '2026-11-17T03:00:00Z' }, late);
    expect(check?.toISOString()).toBe('2026-11-24T13:00:00.000Z'); // 08:00 Toronto
  });

  it('never prompts an opted-out or unconsented participant', () => {
    const later = ctxAt('2026-12-30T15:00:00Z');
    expect(tick({ ...joined, status: 'opted_out' }, later).outgoing).toEqual([]);
    const pending = converse(['hi']).state as ParticipantState;
    expect(tick(pending, later).outgoing).toEqual([]);
    expect(forcePrompt(pending, 'new-idea', later).outgoing).toEqual([]);
  });

  it("an organizer's ask sends that prompt now", () => {
    const r = forcePrompt(joined, 'new-idea', ctxAt(DAY));
    expect(r.outgoing[0]?.text).toBe('What is one new idea to make things better here?');
    expect(r.state?.promptIndex).toBe(2);
  });
});
