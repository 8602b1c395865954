import type { Command } from 'commander';
import { loadDotenv } from '../env-file.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'run the bot: HTTP server, enabled adapters, scheduler and outbox (configured by the environment)',
    )
    .action(async () => {
      loadDotenv();
      const { startRunner } = await import('../../runner/runner.js');
      const { installProcessGuards } = await import('../../runner/process-guard.js');
      const runner = await startRunner();
      installProcessGuards(runner.logger, { close: () => runner.close() });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        runner.logger.info({ signal }, 'shutting down: finishing in-flight work');
        runner.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
