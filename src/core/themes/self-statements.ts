/**
 * Replies that only say who their writer is ("I live in a town", "My household income is less than $100,000",
 * "J'ai deux enfants"): no opinion on any subject. Quotes skip them; the engine sets them apart.
 */

/** What "I have" says of the writer: a family, dependents, jobs ("I have dependents", "I have two kids"). */
const KIN = String.raw`(?:no\s+|\d+\s+|(?:a|an|one|two|three|four|five|six|young|grown|small)\s+)?(?:dependents?|dependants?|children|child|kids?|grandchildren|grandkids|family|jobs?|disability)\b`;
/** The same in French ("j'ai deux enfants", "j'ai 45 ans"). */
const PROCHES = String.raw`(?:\d+|un|une|deux|trois|quatre|cinq|six|des|pas\s+d['’]|)\s*(?:enfants?|petits-enfants|ans|personnes?\s+à\s+charge|emplois?|handicap)\b`;

/**
 * After "I am" / "I was": not an event, an action under way or one the writer cannot do ("I am still waiting for my
 * card", "I was charged twice", "I am unable to", "I'm not sure"), which are about something else; a status in -ed
 * ("retired", "married") is who the writer is.
 */
const NOT_AN_EVENT = String.raw`(?!(?:\s+\p{L}+){0,2}\s+to\b|\s+(?:pretty\s+|not\s+|quite\s+)?(?:sure|unsure|certain|uncertain)\b|\s+(?:\p{L}+ly\s+|still\s+|not\s+|just\s+|being\s+)?(?:\p{L}+ing|(?!(?:retired|married|divorced|widowed|separated|disabled|employed|unemployed|self-employed|engaged|qualified|born)\b)\p{L}+(?:ed|en))\b)`;

/**
 * The same after "je suis" / "j'étais": not an event or action ("je suis allé", "je suis toujours en attente", "je
 * suis obligé de prendre la voiture"), nor a stance ("je suis pour", "je suis d'accord", "je ne suis pas sûr"); a
 * status in -é ("retraitée", "mariée", "née") is who the writer is.
 */
const PAS_UN_EVENEMENT = String.raw`(?!\s+(?:toujours|encore|d[ée]j[àa]|souvent|jamais|vraiment|tr[èe]s|bien|pour|contre|favorables?|oppos[ée]e?s?|d['’]accord|en\s+train|en\s+attente|oblig[ée]e?s?|incapables?|s[ûu]re?s?|certaine?s?|dans\s+l['’]impossibilit[ée])(?![\p{L}'’])|(?:\s+\p{L}+){0,2}\s+(?:de|d['’]|[àa])\s*\p{L}+(?:er|ir|re)(?!\p{L})|\s+(?!(?:retrait[ée]e?s?|mari[ée]e?s?|divorc[ée]e?s?|s[ée]par[ée]e?s?|handicap[ée]e?s?|salari[ée]e?s?|employ[ée]e?s?|n[ée]e?s?)(?!\p{L}))\p{L}{2,}(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues)(?!\p{L}))`;

/**
 * A sentence in which the writer only says who they are or what they have ("My household income is less than
 * $100,000", "I live in a town", "J'ai deux enfants"): its subject is the writer, or one of the writer's own
 * attributes (income, age, family, job: "my street is dangerous" is about the street), its verb one of being, having
 * (not as an auxiliary: "I have noticed", "j'ai vu"), living, owning, earning or working. Polls and forms add such
 * statements to sort their answers; a resident writes them to say where they speak from.
 */
const SELF_STATEMENT = new RegExp(
  String.raw`^(?:i\s+(?:am|was)(?![\p{L}'’])${NOT_AN_EVENT}|i['’]m${NOT_AN_EVENT}|i\s+(?:live|lived|own|owned|rent|rented|earn|work|worked)|` +
    String.raw`i(?:\s+|['’])(?:have|had|ve)\s+${KIN}|` +
    String.raw`my\s+(?:\p{L}+\s+){0,2}(?:income|incomes|salary|wage|wages|age|family|household|kids|children|job|` +
    String.raw`occupation|profession|partner|husband|wife|parents)\s+(?:is|are|was|were)|` +
    String.raw`(?:je\s+(?:suis|étais|etais)|j['’](?:étais|etais))(?![\p{L}'’])${PAS_UN_EVENEMENT}|` +
    String.raw`je\s+(?:vis|travaille|loue|gagne|possède|possede|habite)|` +
    String.raw`j['’]habite|j['’](?:ai|avais)\s+${PROCHES}|` +
    String.raw`(?:mon|ma|mes)\s+(?:revenu|revenus|salaire|âge|age|famille|foyer|enfants|métier|metier|travail|` +
    String.raw`profession|conjoint|conjointe|mari|femme|parents)(?:\s+\p{L}+){0,2}\s+(?:est|sont|était|etait))`,
  'iu',
);

/**
 * Words that make a sentence say what ought to be, or how the writer sees, feels or hopes it ("My dream is…"): an
 * opinion.
 */
const OPINION_WORDS = `
  should shouldn't must need needs needed want wants would could can't cannot think believe feel hope
  wish like love hate worry worried afraid concerned support oppose agree disagree please too because
  unfortunately hard difficult struggle struggling afford good great bad best worst better worse happy
  proud glad sad angry tired frustrated disappointed grateful excited scared dream vision idea
  goal priority concern fear faut faudrait doit doivent devrait devraient veux voudrais souhaite
  souhaiterais pense crois trouve espère espere aimerais aime inquiet inquiète peur trop mais parce
  difficile malheureusement bien mal mieux pire heureux heureuse content contente fier fière déçu
  déçue fatigué fatiguée marre rêve souhait idée espoir priorité crainte colère`;
const OPINION = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${OPINION_WORDS.trim().split(/\s+/u).join('|').replaceAll("'", "['’]")})(?![\\p{L}\\p{N}])`,
  'iu',
);

/** A sentence longer than this says more than who its writer is. */
const SELF_STATEMENT_WORDS = 12;

/** A second clause ("I live on Elm Street where cars speed") says more than who the writer is. */
const SECOND_CLAUSE =
  /(?<![\p{L}\p{N}])(?:and|where|which|that|who|when|so|et|où|qui|que|quand|donc)(?![\p{L}\p{N}])/iu;

/**
 * Whether a text only says who its writer is or what they have, in every sentence, without an opinion: shown as a
 * quote, it would tell the organizer nothing about the subject.
 */
export function saysWhoOnly(text: string): boolean {
  const sentences = text
    .split(/(?<=[.!?;])\s+|\n+/u)
    .map((x) => x.trim())
    .filter((x) => /\p{L}/u.test(x));
  return (
    sentences.length > 0 &&
    sentences.every(
      (x) =>
        SELF_STATEMENT.test(x) &&
        !OPINION.test(x) &&
        !SECOND_CLAUSE.test(x) &&
        x.split(/\s+/u).length <= SELF_STATEMENT_WORDS,
    )
  );
}
