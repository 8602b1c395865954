/**
 * `voices organizer add NAME | list | remove NAME`: per-organizer keys for the workspace
 * (/organizers/). `add` prints a new random key once (or takes one on standard input with
 * `--key-stdin`); only its scrypt hash is stored. Edits are recorded under the name.
 */
import type { Command } from 'commander';
import { ErrorCode, VoicesError } from '../../core/errors.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export interface AddedAccount {
  name: string;
  /** Set when the key was generated (it is shown once); undefined when it came from stdin. */
  generatedKey: string | undefined;
}

export async function addOrganizer(
  store: import('../../core/ports/store.js').Store,
  name: string,
  key: string | undefined,
  now = new Date(),
): Promise<AddedAccount> {
  const { ACCOUNT_NAME, generateKey, hashKey, MIN_KEY_LENGTH } = await import(
    '../../runner/workspace/keys.js'
  );
  if (!ACCOUNT_NAME.test(name)) {
    throw new VoicesError(
      ErrorCode.InputInvalid,
      'NAME: 1–63 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit',
    );
  }
  if (key !== undefined && key.length < MIN_KEY_LENGTH) {
    throw new VoicesError(ErrorCode.InputInvalid, `the key must be at least ${MIN_KEY_LENGTH} characters`);
  }
  const chosen = key ?? generateKey();
  const keyHash = hashKey(chosen);
  if (!(await store.write((tx) => tx.addAccount(name, keyHash, now)))) {
    throw new VoicesError(ErrorCode.InputInvalid, `an organizer named "${name}" already exists`);
  }
  return { name, generatedKey: key === undefined ? chosen : undefined };
}

export function registerOrganizer(program: Command): void {
  const organizer = program
    .command('organizer')
    .description(
      'organizer accounts for the workspace at /organizers/ (DASHBOARD_TOKEN stays the bootstrap key)',
    );
  organizer
    .command('add')
    .description('add an organizer; prints a new key once (only its hash is stored)')
    .argument('<name>', 'the name edits are recorded under, e.g. "Amira"')
    .option('--key-stdin', 'read the key from standard input instead of generating one')
    .action(async (name: string, options: { keyStdin?: boolean }) => {
      const key = options.keyStdin ? await readStdin() : undefined;
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        const added = await addOrganizer(ctx.store, name, key);
        process.stdout.write(
          added.generatedKey
            ? `organizer "${added.name}" added. Their key (shown once, keep it secret):\n${added.generatedKey}\n`
            : `organizer "${added.name}" added.\n`,
        );
      } finally {
        await ctx.close();
      }
    });
  organizer
    .command('list')
    .description('list organizer accounts (names only)')
    .action(async () => {
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        for (const a of await ctx.store.read((r) => r.listAccounts())) {
          process.stdout.write(`${a.name}\tadded ${a.createdAt.toISOString().slice(0, 10)}\n`);
        }
      } finally {
        await ctx.close();
      }
    });
  organizer
    .command('remove')
    .description('remove an organizer account (their key stops working)')
    .argument('<name>')
    .action(async (name: string) => {
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        if (!(await ctx.store.write((tx) => tx.removeAccount(name))))
          throw new VoicesError(ErrorCode.NotFound, `no organizer named "${name}"`);
        process.stdout.write(`organizer "${name}" removed.\n`);
      } finally {
        await ctx.close();
      }
    });
}
