/** `voices forget ADDRESS`: erase one participant (contact, state, replies), as DELETE does. */
import type { Command } from 'commander';
import { CHANNELS, type Channel } from '../../core/types.js';

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("erase one participant: contact, conversation state and replies (the resident's DELETE)")
    .argument('<address>', 'phone number, Slack or Discord user id, or simulator id')
    .option('--channel <channel>', `only this channel (${CHANNELS.join(', ')}); default: every channel`)
    .action(async (address: string, options: { channel?: string }) => {
      if (options.channel && !(CHANNELS as readonly string[]).includes(options.channel)) {
        throw new Error(`--channel: use one of ${CHANNELS.join(', ')}`);
      }
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        const channels = options.channel ? [options.channel as Channel] : CHANNELS;
        const erased = await ctx.conversations.forget(address, channels);
        // The address is not echoed: terminals and CI logs keep scrollback.
        process.stdout.write(
          erased > 0 ? `erased ${erased} participant(s)\n` : 'no participant with that address\n',
        );
      } finally {
        await ctx.close();
      }
    });
}
