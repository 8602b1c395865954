import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isVoicesError } from '../../../src/core/errors.js';
import { loadPromptFile, parsePromptFile } from '../../../src/core/prompts/load.js';
import { renderMessage } from '../../../src/core/prompts/render.js';

const SHIPPED = 'prompts/community-conversation.yaml';
const source = readFileSync(SHIPPED, 'utf8');

function withChange(change: (doc: Record<string, unknown>) => void): string {
  const doc = parse(source) as Record<string, unknown>;
  change(doc);
  return stringify(doc);
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('prompt files', () => {
  it('the shipped community conversation loads, with the four CARS questions in English and French', () => {
    const file = loadPromptFile(SHIPPED);
    expect(file.prompts.map((p) => p.text.en)).toEqual([
      'What have you noticed in your community lately?',
      'What is working well in our community right now?',
      'What is one new idea to make things better here?',
      'How could people here work together?',
    ]);
    for (const p of file.prompts) {
      expect(p.text.fr.length).toBeGreaterThan(10);
      expect(p.followUp?.en).toBeTruthy();
      expect(p.followUp?.fr).toBeTruthy();
    }
    expect(file.groups.options.map((g) => g.id)).toEqual([
      'parent',
      'youth',
      'senior',
      'service-provider',
      'other',
    ]);
  });

  it('the welcome carries the consent notice and the keywords in both languages', () => {
    const file = loadPromptFile(SHIPPED);
    const en = renderMessage(file, 'welcome', 'en', { org: 'Riverside' });
    expect(en).toMatch(/Riverside/);
    expect(en).toMatch(/anonymous/);
    for (const word of ['YES', 'STOP', 'HELP', 'DELETE']) expect(en).toContain(word);
    const fr = renderMessage(file, 'welcome', 'fr', { org: 'Riverside' });
    for (const word of ['OUI', 'ARRÊT', 'AIDE', 'EFFACER']) expect(fr).toContain(word);
    expect(fr).toMatch(/anonymes/);
  });

  it('a missing French text fails with the path', () => {
    const err = errorOf(() =>
      parsePromptFile(
        withChange((d) => {
          ((d.prompts as Array<{ text: Record<string, string> }>)[1]?.text as Record<string, string>).fr = '';
        }),
        'x.yaml',
      ),
    );
    expect(isVoicesError(err, 'prompt_file_invalid')).toBe(true);
    expect(err.message).toMatch(/^x\.yaml: prompts\.1\.text\.fr: /);
  });

  it('an unknown placeholder, a duplicate id and a YAML syntax error are each named', () => {
    const unknown = errorOf(() =>
      parsePromptFile(
        withChange((d) => {
          (d.messages as Record<string, Record<string, string>>).thanks = { en: 'Hi {name}', fr: 'Salut' };
        }),
        'a.yaml',
      ),
    );
    expect(unknown.message).toMatch(/messages\.thanks\.en: unknown placeholder \{name\}/);
    const dup = errorOf(() =>
      parsePromptFile(
        withChange((d) => {
          const prompts = d.prompts as Array<{ id: string }>;
          if (prompts[1]) prompts[1].id = 'noticed';
        }),
        'b.yaml',
      ),
    );
    expect(dup.message).toMatch(/prompts\.1\.id: duplicate prompt id "noticed"/);
    const syntax = errorOf(() => parsePromptFile('id: [unclosed', 'c.yaml'));
    expect(syntax.message).toMatch(/^c\.yaml: YAML syntax error/);
  });

  it('an unreadable file names the file', () => {
    expect(errorOf(() => loadPromptFile('prompts/nope.yaml')).message).toMatch(
      /prompts\/nope\.yaml: cannot read/,
    );
  });
});
