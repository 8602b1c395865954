/**
 * One digest, any language: a stored digest keeps its texts in both languages where it has them (prompt texts,
 * theme labels, group names), and `localizeDigest` picks one before rendering, so each destination can get its own
 * language without building the digest again.
 */
import type { Digest, DigestLanguage, Localized } from './types.js';

/** The text in `language`; else in the other one (members' own words stay as they wrote them); else `fallback`. */
export function labelIn(labels: Localized | undefined, fallback: string, language: DigestLanguage): string {
  const other: DigestLanguage = language === 'en' ? 'fr' : 'en';
  return labels?.[language] || labels?.[other] || fallback;
}

/** The digest with every text that has a translation in `language`, and `language` set for the renderers. */
export function localizeDigest(digest: Digest, language: DigestLanguage): Digest {
  if (digest.language === language) return digest;
  return {
    ...digest,
    language,
    prompts: digest.prompts.map((p) => ({
      ...p,
      promptText: labelIn(p.promptTexts, p.promptText, language),
      themes: p.themes.map((t) => ({ ...t, label: labelIn(t.labels, t.label, language) })),
      ...(p.gone ? { gone: p.gone.map((g) => ({ ...g, label: labelIn(g.labels, g.label, language) })) } : {}),
      ...(p.quiet
        ? { quiet: p.quiet.map((q) => ({ ...q, label: labelIn(q.labels, q.label, language) })) }
        : {}),
    })),
    commonGround: digest.commonGround.map((c) => ({ ...c, label: labelIn(c.labels, c.label, language) })),
  };
}

/** A group's name from the prompt file in the digest's language; an id the file does not know, as written. */
export function groupName(digest: Digest, group: string): string {
  return labelIn(digest.groupNames?.[group], group, digest.language);
}

/** The prompt file's texts a digest shows: each prompt's question and each group's name, in both languages. */
export function digestTexts(file: {
  prompts: ReadonlyArray<{ id: string; text: { en: string; fr: string } }>;
  groups: { options: ReadonlyArray<{ id: string; en: string; fr: string }> };
}): { promptTexts: Record<string, Localized>; groupNames: Record<string, Localized> } {
  return {
    promptTexts: Object.fromEntries(file.prompts.map((p) => [p.id, { en: p.text.en, fr: p.text.fr }])),
    groupNames: Object.fromEntries(file.groups.options.map((g) => [g.id, { en: g.en, fr: g.fr }])),
  };
}
