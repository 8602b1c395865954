/** Theme engine: offline, deterministic themes from short replies (en/fr). */
export { type Embedder, WordVectorEmbedder, winkEmbedder } from './embedder.js';
export { automaticK, type EngineOptions, findThemes } from './find-themes.js';
export type { Theme, ThemeInput, ThemeOptions, ThemeResult } from './types.js';
export { loadWinkVectors, type WordVectors, wordVectorsFromMap } from './word-vectors.js';
