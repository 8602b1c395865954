import type { Language } from '../types.js';
import type { LocalizedText, MessageKey, PromptFile } from './schema.js';

/** What `{org}` says when no ORG_NAME is configured, in the resident's language. */
export const DEFAULT_ORGANIZATION: Record<Language, string> = { en: 'Our community', fr: 'Notre communauté' };

export interface RenderVars {
  /** The organization's name; unset uses `DEFAULT_ORGANIZATION` in the text's language. */
  org: string | undefined;
  prompt?: string;
}

/** Fills `{org}`, `{groups}` and `{prompt}` in one localized text. */
export function renderText(
  file: PromptFile,
  text: LocalizedText,
  language: Language,
  vars: RenderVars,
): string {
  const groups = file.groups.options.map((g, i) => `${i + 1} ${g[language]}`).join(', ');
  return text[language].replace(/\{(org|groups|prompt)\}/g, (_, name: string) => {
    if (name === 'org') return vars.org ?? DEFAULT_ORGANIZATION[language];
    if (name === 'groups') return groups;
    return vars.prompt ?? '';
  });
}

export function renderMessage(
  file: PromptFile,
  key: MessageKey,
  language: Language,
  vars: RenderVars,
): string {
  return renderText(file, file.messages[key], language, vars);
}
