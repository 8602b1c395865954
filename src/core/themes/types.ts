/** Input and output of the theme engine (`src/core/themes/`). Pure data: no I/O, no SDK. */

export interface ThemeInput {
  id: string;
  text: string;
  /** Prompt the reply answers, when known. */
  prompt?: string | undefined;
  /** Homogeneous group (parent, youth, …), when known. */
  group?: string | undefined;
  /** ISO date or date-time, when known. */
  date?: string | undefined;
  /** Pseudonymous participant id; distinct participants are counted from it (falls back to reply id). */
  participantId?: string | undefined;
  language?: 'en' | 'fr' | undefined;
}

export interface Theme {
  /** `t1`, `t2`, … in descending size within one run. */
  id: string;
  /**
   * Identity across runs: the lexicon topic's id ("housing") or the theme's defining words; a run seeded with a
   * previous run's `model` keeps the key of each theme it carries over.
   */
  key: string;
  /** A short phrase naming the topic, in the members' language; "English / Français" when members write both. */
  label: string;
  /** The label in each language the members write in. */
  labels: { en?: string; fr?: string };
  keywords: string[];
  /** Each reply once, even when several of its claims are in the theme. */
  replyIds: string[];
  /** The claims (sentences or clauses) that placed each reply here, in reply order. */
  claims: Array<{ replyId: string; text: string }>;
  /** 1–3 representative quotes, central and different from each other; each is a member's text. */
  quotes: Array<{ replyId: string; text: string }>;
  /** Distinct participants among the members. */
  participants: number;
}

/** A run's themes as definitions another run can start from, so themes keep their key from week to week. */
export interface ThemeModel {
  version: 1;
  themes: Array<{
    key: string;
    label: string;
    labels: { en?: string; fr?: string };
    /** Feature weights of the theme's centroid (stems, "stem stem" pairs, "@topic"), the heaviest first. */
    terms: Array<[string, number]>;
  }>;
}

export interface ThemeResult {
  themes: Theme[];
  /** Replies none of whose claims fits a theme. */
  unthemed: string[];
  /** Serializable definitions of these themes (see `ThemeOptions.model`). */
  model?: ThemeModel;
}

export interface ThemeOptions {
  /** Force the number of themes; automatic when absent. */
  themes?: number;
  /** Called with (done, total) during long runs. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Words or phrases any reply may mention without that making a theme, such as the community's own name
   * ("Bowling Green", "BG"): they neither group replies nor appear in labels or keywords (quotes keep them). Names
   * running through many replies are found without them.
   */
  backgroundWords?: readonly string[];
  /** The question the replies answer: its words are background too. */
  question?: string;
  /** A previous run's model: its themes seed this run's and keep their keys. */
  model?: ThemeModel;
}
