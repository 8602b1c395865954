/**
 * The shared adapter contract, driven through Discord's own protocol: DMs arrive as gateway
 * MESSAGE_CREATE dispatches from a local fake gateway, discord.js builds its own Message objects,
 * and the bot's replies are read back from the fake REST API's DM channel log.
 */
import { SnowflakeUtil } from 'discord.js';
import { APPLICATION_ID } from '../adapters/discord/fake-discord.js';
import { startDiscordHarness } from '../adapters/discord/harness.js';
import { runAdapterContract } from './adapter-contract.js';

/** The contract's ids are free-form seeds; Discord ids are snowflakes: map each seed to one, stably. */
const snowflakes = new Map<string, string>();
const snowflake = (seed: string): string => {
  let id = snowflakes.get(seed);
  if (!id) {
    id = SnowflakeUtil.generate().toString();
    snowflakes.set(seed, id);
  }
  return id;
};

runAdapterContract('discord', {
  address: snowflake,
  skip: {
    'bad-signature':
      'Discord DMs arrive over the authenticated gateway WebSocket the bot opens itself; there is no signed inbound request',
  },
  async setup() {
    const h = await startDiscordHarness();
    return {
      runner: h.runner,
      adapter: h.adapter,
      channel: 'discord',
      async deliver({ address, text, messageId }) {
        await h.dm(address, text, { messageId: snowflake(messageId) });
      },
      async inbox(address) {
        return h.fake.dms.get(address) ?? [];
      },
      async deliverOwnMessage() {
        await h.dm(APPLICATION_ID, 'Thanks, that helps!', { bot: true });
      },
      teardown: () => h.close(),
    };
  },
});
