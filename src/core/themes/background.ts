/**
 * Words that must not make a theme: generic words of any reply ("need", "better", "faut"), the community's own
 * names (found as capitalised names that run through many replies: "BG", "Bowling Green"), the question's own words,
 * words in a third of all replies, and the operator's THEMES_BACKGROUND_WORDS. None of them counts as a feature,
 * holds a theme together or labels one; quotes keep them.
 */
import { fold } from './text.js';

/**
 * Words of wishes and opinions rather than topics, in both languages (accent-free lowercase surface forms). They
 * are what every reply is made of, so a theme held together by them is no topic: "BG needs", "lot of people".
 */
export const GENERIC = new Set(
  fold(
    `need needs needed needing want wants wanted wanting like likes liked love loved loves would could see seeing seen
    hope hoped hoping hopefully think thinking feel feeling make makes making made get getting keep keeps keeping take
    taking give giving go going goes come coming put let know say said use used using try trying help helps helping
    continue continues continued continuing support supports supported supporting improve improved improving
    improvement improvements create creating created provide provides providing encourage encouraged encouraging
    focus focused ensure bring bringing consider considering offer offers offering allow allowing include including
    become becomes remain remains seem look looking find start stop add adding instead enough reduce reduced reducing
    increase increased increasing decrease lower lowering raise raising limit limiting cut cutting remove removing ban
    fix fixing address addressing
    more less better best good great nice awesome amazing wonderful new old big bigger small many much lot lots little
    several various different same other others own every everyone everybody everything someone something anything
    nothing people person persons folks folk thing things way ways kind kinds type types part parts place places area
    areas option options opportunity opportunities resource resources issue issues problem problems idea ideas time
    times year years day days today tomorrow future now always already really very well just even actually maybe
    perhaps sure important possible able available current currently also still within without across around
    city cities town towns community communities citizen citizens resident residents member members everyone anyone
    us we our ours folks world life lives whole entire real true lack level levels number numbers access quality
    live lives living high higher low lower large larger long longer next first last one two three four five etc yes also able
    should must shall will can may might need hope wish wishes
    faut falloir doit doivent devoir devrait devraient pouvoir peut peuvent pourrait veux veut vouloir voudrais
    mettre met mis faire fait font donner prendre aller arreter arretons arrete reduire reduction supprimer
    suppression augmenter augmentation favoriser developper permettre creer continuer aider rendre laisser penser
    pense croire crois savoir dire voir trouver besoin chose choses gens personne personnes monde tout tous toute
    toutes moins mieux meilleur meilleure meilleurs bon bonne bons grand grande grands grandes petit petite petits
    nouveau nouvelle nouveaux nouvelles vrai vraiment certain certains certaines beaucoup tellement cas fois an ans
    annee annees jour jours aujourd hui demain avenir francais francaise niveau place part partie facon maniere
    moyen moyens question questions probleme problemes idee idees exemple systeme mesure mesures priorite important
    importante importants necessaire necessaires possible actuel actuelle actuellement vie ville villes societe
    chacun chacune lieu afin etc ok mettre mise place ensemble contre pourquoi plutot surtout notamment aujourd
    merci svp`,
  ).split(/\s+/u),
);

/**
 * French function words the stopword list lacks: adverbs and prepositions of any reply, and "puis" with its spoken
 * "pis". Used with the feature option `frenchFunctionWords`.
 */
export const FRENCH_FUNCTION_WORDS = new Set(
  fold(
    `puis pis ensuite partout autour vers selon pendant malgre parmi sous durant tant ainsi davantage assez souvent
    parfois tandis des dessus dessous desormais dorenavant peut-etre vraiment egalement deja tres meme`,
  ).split(/\s+/u),
);

/** Words naming the community itself in any conversation: background wherever they appear. */
export const COMMUNITY_WORDS = new Set(
  fold(
    `community communities city town county counties neighbourhood-wide citizens residents communaute ville commune
    comte comtes citoyens habitants`,
  ).split(/\s+/u),
);

/** A word or name in at least this share of replies is what the question is about, not a theme of its answers. */
export const BACKGROUND_SHARE = 1 / 3;
/**
 * A topic is the question's subject only in half the replies: a topic gathers many words, so a subject a third of
 * residents raise (one week's tax replies) is the conversation's main theme, and it must stay one as weeks are added.
 */
export const TOPIC_BACKGROUND_SHARE = 1 / 2;
/** A name whose replies no theme holds at least this share of runs through the conversation: the community's own. */
export const NAME_CONCENTRATION = 0.5;
/** Below this many replies shares say little: only the listed words are background. */
export const MIN_REPLIES_FOR_SHARES = 25;
