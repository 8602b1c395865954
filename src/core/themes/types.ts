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
  /** Stable within one run: `t1`, `t2`, … in descending size. */
  id: string;
  /** 2–4 words taken from the replies' own phrases. */
  label: string;
  keywords: string[];
  replyIds: string[];
  /** 1–3 representative quotes: central and different from each other; each is a member's text. */
  quotes: Array<{ replyId: string; text: string }>;
  /** Distinct participants among the members. */
  participants: number;
  /** Centroid in the engine's feature space, for matching themes across weeks (unit length). */
  centroid?: number[];
}

export interface ThemeResult {
  themes: Theme[];
  unthemed: string[];
}

export interface ThemeOptions {
  /** Force the number of themes; automatic when absent. */
  themes?: number;
  /** Called with (done, total) during long runs. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Words or phrases any reply may mention without that making a theme, such as the community's own name
   * ("Bowling Green", "BG"): they neither group replies nor appear in labels or keywords (quotes keep them).
   */
  backgroundWords?: readonly string[];
}
