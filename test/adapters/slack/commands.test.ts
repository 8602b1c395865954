import { describe, expect, it } from 'vitest';
import { formatStats, parseVoicesCommand, TEXTS } from '../../../adapters/slack/commands.js';

describe('parseVoicesCommand', () => {
  it('parses the subcommands', () => {
    expect(parseVoicesCommand('join')).toEqual({ kind: 'join' });
    expect(parseVoicesCommand('  JOIN ')).toEqual({ kind: 'join' });
    expect(parseVoicesCommand('digest')).toEqual({ kind: 'digest' });
    expect(parseVoicesCommand('stats')).toEqual({ kind: 'stats' });
    expect(parseVoicesCommand('ask week-2')).toEqual({ kind: 'ask', promptId: 'week-2' });
    expect(parseVoicesCommand('ask')).toEqual({ kind: 'ask', promptId: undefined });
  });

  it('reads an escaped channel mention, a bare id, and refuses a plain name', () => {
    expect(parseVoicesCommand('invite <#C012AB3CD|neighbours>')).toEqual({
      kind: 'invite',
      channelId: 'C012AB3CD',
    });
    expect(parseVoicesCommand('invite <#G012AB3CD>')).toEqual({ kind: 'invite', channelId: 'G012AB3CD' });
    expect(parseVoicesCommand('invite C012AB3CD')).toEqual({ kind: 'invite', channelId: 'C012AB3CD' });
    expect(parseVoicesCommand('invite #neighbours')).toEqual({ kind: 'invite', channelId: undefined });
  });

  it('treats anything else as a request for help', () => {
    expect(parseVoicesCommand('')).toEqual({ kind: 'help' });
    expect(parseVoicesCommand('please')).toEqual({ kind: 'help' });
  });
});

describe('formatStats', () => {
  it('never turns a suppressed count into a number', () => {
    const text = formatStats({
      participants: 42,
      active: 40,
      optedOut: null,
      replies: 120,
      byChannel: [{ channel: 'slack', participants: null }],
      byGroup: [{ group: 'Youth <25>', participants: 12 }],
      suppressed: 2,
    });
    expect(text).toContain('Participants: 42');
    expect(text).toContain('opted out: fewer than 5');
    expect(text).toContain('slack fewer than 5');
    expect(text).toContain('Youth &lt;25&gt; 12');
    expect(text).toContain('2 small groups hidden');
  });

  it('does not reveal a small number of queued prompts', () => {
    expect(TEXTS.asked('p1', 3)).toContain('fewer than 5');
    expect(TEXTS.asked('p1', 0)).toContain('for 0');
    expect(TEXTS.asked('p1', 12)).toContain('for 12');
  });
});
