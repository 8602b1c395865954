/**
 * The `/voices` slash command: `join` for residents, `digest | stats | ask <prompt-id>` for organizers.
 * Registered by `voices discord register` (a bulk overwrite, so registering twice changes nothing).
 * Organizer checks happen when the command runs (role or Manage Server): Discord's default member
 * permissions apply to a whole command, and residents need `join`.
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';

export const COMMAND_NAME = 'voices';

export const Subcommand = {
  Join: 'join',
  Digest: 'digest',
  Stats: 'stats',
  Ask: 'ask',
} as const;

/** The option of `/voices ask` that names the prompt. */
export const ASK_PROMPT_OPTION = 'prompt-id';

export function buildVoicesCommand(): SlashCommandBuilder {
  const command = new SlashCommandBuilder()
    .setName(COMMAND_NAME)
    .setDescription('Gathering Voices: share your views, or (organizers) read the digest')
    .setDescriptionLocalizations({
      fr: 'Gathering Voices : donnez votre avis, ou (organisateurs) lisez la synthèse',
    })
    // Server-only: residents join from a server, then talk in DMs.
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  command
    .addSubcommand((sub) =>
      sub
        .setName(Subcommand.Join)
        .setDescription('Get a direct message inviting you to answer our questions')
        .setDescriptionLocalizations({
          fr: 'Recevoir un message privé vous invitant à répondre à nos questions',
        }),
    )
    .addSubcommand((sub) =>
      sub.setName(Subcommand.Digest).setDescription('Organizers: show the latest weekly digest'),
    )
    .addSubcommand((sub) =>
      sub.setName(Subcommand.Stats).setDescription('Organizers: show participation counts'),
    )
    .addSubcommand((sub) =>
      sub
        .setName(Subcommand.Ask)
        .setDescription('Organizers: send a prompt to every active participant now')
        .addStringOption((option) =>
          option
            .setName(ASK_PROMPT_OPTION)
            .setDescription('The id of the prompt to send')
            .setRequired(true)
            .setMaxLength(100),
        ),
    );
  return command;
}

/** The body of the bulk-overwrite PUT: every command this bot has. */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  return [buildVoicesCommand().toJSON()];
}
