import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import { simulate, startTestRunner } from '../helpers/test-runner.js';
import { runAdapterContract } from './adapter-contract.js';

runAdapterContract('simulator', {
  skip: {
    'own-messages': 'the simulator has no bot-authored inbound messages',
    'bad-signature': 'the simulator is a local, unsigned development channel',
  },
  async setup() {
    const runner = await startTestRunner({ QUIET_HOURS: 'off' });
    const adapter = runner.adapters.get('simulator') as SimulatorAdapter;
    const received = new Map<string, string[]>();
    return {
      runner,
      adapter,
      channel: 'simulator',
      async deliver({ address, text, messageId }) {
        const { status, replies } = await simulate(runner, address, text, messageId);
        if (status !== 200) throw new Error(`simulator answered ${status}`);
        received.set(address, [...(received.get(address) ?? []), ...replies]);
      },
      async inbox(address) {
        return [...(received.get(address) ?? []), ...adapter.peekInbox(address)];
      },
      teardown: () => runner.dispose(),
    };
  },
});
