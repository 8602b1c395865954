/**
 * The prompt-load check for SMS: every question, follow-up and reminder as residents would get it
 * (placeholders filled), in every language, against the two-segment budget.
 */
import { renderMessage, renderText } from '../prompts/render.js';
import type { PromptFile } from '../prompts/schema.js';
import { LANGUAGES, type Language } from '../types.js';
import { countSegments, PROMPT_SEGMENT_BUDGET, type SmsEncoding } from './segments.js';

export interface PromptSegmentWarning {
  promptId: string;
  part: 'text' | 'followUp' | 'reminder';
  language: Language;
  segments: number;
  encoding: SmsEncoding;
}

/** The prompt texts that need more than `budget` SMS segments (ids and counts only, safe to log). */
export function promptSegmentWarnings(
  file: PromptFile,
  org: string,
  budget: number = PROMPT_SEGMENT_BUDGET,
): PromptSegmentWarning[] {
  const warnings: PromptSegmentWarning[] = [];
  for (const prompt of file.prompts) {
    for (const language of LANGUAGES) {
      const text = renderText(file, prompt.text, language, { org });
      const parts: Array<[PromptSegmentWarning['part'], string]> = [
        ['text', text],
        ['reminder', renderMessage(file, 'reminder', language, { org, prompt: text })],
      ];
      if (prompt.followUp) parts.push(['followUp', renderText(file, prompt.followUp, language, { org })]);
      for (const [part, rendered] of parts) {
        const { segments, encoding } = countSegments(rendered);
        if (segments > budget) warnings.push({ promptId: prompt.id, part, language, segments, encoding });
      }
    }
  }
  return warnings;
}
