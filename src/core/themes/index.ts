/** Theme engine: offline, deterministic themes from short replies (en/fr). */
export type { Embedder } from './embedder.js';
export { type EngineOptions, findThemes } from './find-themes.js';
export { translateTopicLabel } from './topic-names.js';
export type { Theme, ThemeInput, ThemeModel, ThemeOptions, ThemeResult } from './types.js';
