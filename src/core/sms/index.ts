/** SMS text rules shared by the prompt loader and the Twilio adapter (pure, no SDK). */
export { gsmSeptets, isGsm7, normalizeForSms } from './gsm.js';
export { type PromptSegmentWarning, promptSegmentWarnings } from './prompt-check.js';
export {
  type CountOptions,
  countSegments,
  PROMPT_SEGMENT_BUDGET,
  promptSegmentWarning,
  type SegmentCount,
  type SmsEncoding,
} from './segments.js';
