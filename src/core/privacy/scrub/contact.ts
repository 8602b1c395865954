/** Online identifiers: e-mail addresses, URLs and bare domains, social handles, Slack/Discord mentions, IPs. */
import { isIPv4, isIPv6 } from 'node:net';
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

export function detectContact(text: string, out: Candidate[]): void {
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
