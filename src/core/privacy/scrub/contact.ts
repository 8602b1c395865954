/** Online identifiers: e-mail addresses, URLs and bare domains, social handles, Slack/Discord mentions, IPs. */
import { isIPv4, isIPv6 } from 'node:net';
import { isWord, lexicon, stopwords } from './lexicon.js';
import { type Candidate, collect } from './spans.js';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Slack `<@U123ABC>` / `<@U123|name>`, Discord `<@123>` / `<@!123>`.
const MENTION = /<@!?(?:[UW][A-Z0-9]{2,}|\d{5,})(?:\|[^>\n]{0,80})?>/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
// Bare domains with a common TLD ("InstantResales.com.cy", "monsite.ca/contact"); "Mr." or "St." never match.
// TLD in lower case only: "the collaboration.It's" is a missing space, not a website.
const DOMAIN =
  /\b[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*\.(?:com|org|net|ca|qc|fr|be|ch|uk|us|io|co|info|biz|me|app|dev|ly|gg|tv|de|nl|it|es|eu|au)(?:\.[a-z]{2})?\b(?![’'])(?:\/[^\s<>"'\x60]*)?/gu;
// A handle starts a word: "@maya_k" yes, "name@site.com" no (e-mail wins anyway).
const HANDLE = /(?<![\p{L}\p{N}_.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?/gu;
// Handles written without an @. An underscore inside a word is a handle's mark ("sam_rivera88"); other words are
// handles next to a platform: "sam.rivera on insta", "my IG is samrivera88", "insta: sam.rivera".
const BARE_HANDLE =
  /(?<![\p{L}\p{N}_@./-])[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*_[A-Za-z0-9_.]*[A-Za-z0-9](?![\p{L}\p{N}@]|\.\p{L})/gu;
const PLATFORM = `(?:insta(?:gram)?|ig|twitter|x|tiktok|tik tok|snap(?:chat)?|facebook|fb|discord|telegram|threads|bluesky|bsky|reddit|youtube|twitch|linkedin|mastodon|signal|whatsapp|kik)`;
const WORD_CHARS = `[A-Za-z0-9](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?`;
// Most messages name no platform: the two patterns below run only when one of these words is there.
const PLATFORM_HINT = new RegExp(String.raw`\b(?:${PLATFORM}|handle|user[ \t]?name|pseudo|compte)\b`, 'i');
// "X on insta", "X sur insta".
const BEFORE_PLATFORM = new RegExp(
  String.raw`(?<![A-Za-z0-9_@./-])(${WORD_CHARS})[ \t]+(?:on|sur)[ \t]+${PLATFORM}\b`,
  'gi',
);
// "insta: X", "my insta is X", "mon insta c'est X", "follow me on insta X", "my handle is X", "username: X".
const AFTER_PLATFORM = new RegExp(
  String.raw`(?:\b${PLATFORM}|\bhandle|\buser[ \t]?name|\bpseudo|\bcompte)(?:[ \t]+(?:handle|account|name|id|username|compte))?(?:[ \t]*:|[ \t]+(?:is|=|c['’]est|est|at|@))?[ \t]+(${WORD_CHARS})(?![A-Za-z0-9@])`,
  'gi',
);

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6_CANDIDATE = /(?<![\p{L}\p{N}:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\p{L}\p{N}:])/gu;

/** Trailing sentence punctuation belongs to the sentence, not to the URL. */
function trimUrl(out: Candidate[], text: string, re: RegExp, priority: number): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?)\]}'"»]/.test(text[end - 1] ?? '')) end -= 1;
    if (end > m.index) out.push({ type: 'url', start: m.index, end, priority });
  }
}

let STOP: Set<string> | undefined;

/** A word that could only be a handle: it holds a digit, an underscore or an inner dot, or is no word at all. */
function handleShaped(word: string): boolean {
  if (/[\d_]|\.[A-Za-z]/u.test(word)) return /[A-Za-z]/u.test(word);
  STOP ??= new Set(stopwords());
  const key = word.toLowerCase();
  return !STOP.has(key) && !isWord(lexicon(), key) && !lexicon().first.has(key) && key.length >= 3;
}

/** Before "on insta" a capitalized word is a business or a person's name ("Kroger on facebook"), not a handle. */
/** "street_name", "my_data": ordinary words joined by underscores are an identifier in code, not a handle. */
function codeWord(word: string): boolean {
  if (!/[A-Za-z]/u.test(word)) return true;
  if (/\d/u.test(word)) return false;
  STOP ??= new Set(stopwords());
  const stop = STOP;
  return word
    .toLowerCase()
    .split(/[._]+/u)
    .every((part) => part === '' || stop.has(part) || isWord(lexicon(), part));
}

function pushGroup(out: Candidate[], text: string, re: RegExp, lowerOnly: boolean): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[1] ?? '';
    if (!handleShaped(word) || (lowerOnly && word !== word.toLowerCase() && !/[\d_.]/u.test(word))) continue;
    const start = m.index + m[0].lastIndexOf(word);
    out.push({ type: 'handle', start, end: start + word.length, priority: 58 });
  }
}

function detectBareHandles(text: string, out: Candidate[]): void {
  if (text.includes('_')) collect(out, text, BARE_HANDLE, 'handle', 58, (m) => !codeWord(m[0]));
  if (!PLATFORM_HINT.test(text)) return;
  pushGroup(out, text, BEFORE_PLATFORM, true);
  pushGroup(out, text, AFTER_PLATFORM, false);
}

export function detectContact(text: string, out: Candidate[]): void {
  detectBareHandles(text, out);
  if (text.includes('@')) {
    collect(out, text, EMAIL, 'email', 90);
    collect(out, text, MENTION, 'mention', 95);
    collect(out, text, HANDLE, 'handle', 60);
  }
  if (text.includes('.')) {
    trimUrl(out, text, URL, 85);
    trimUrl(out, text, DOMAIN, 55);
    collect(out, text, IPV4, 'ip', 88, (m) => isIPv4(m[0]));
  }
  if (text.includes(':'))
    collect(out, text, IPV6_CANDIDATE, 'ip', 88, (m) => m[0].length >= 6 && isIPv6(m[0]));
}
