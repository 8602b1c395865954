/** Inbound text hygiene: NFC, no control characters (but newlines and tabs), no lone surrogates. */
export function cleanInboundText(text: string): string {
  return (
    text
      .normalize('NFC')
      // Lone surrogates cannot be stored as UTF-8; replace them rather than fail.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .trim()
  );
}
