/**
 * Test helpers for the Twilio adapter: requests signed exactly as Twilio signs them (the SDK's
 * getExpectedTwilioSignature: URL + sorted name/value pairs, HMAC-SHA1 with the auth token,
 * base64) and posted over real HTTP to 127.0.0.1.
 */
import twilio from 'twilio';
import { newSid } from './fake-twilio-api.js';

export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
export const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;
export const BOT_NUMBER = '+15145550100';
export const BOT_NUMBER_2 = '+15145550101';

export type Params = Record<string, string>;

export function sign(url: string, params: Params, authToken: string = AUTH_TOKEN): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** The fields Twilio posts for an incoming SMS (a representative subset, all signed). */
export function inboundSms(from: string, body: string, overrides: Partial<Params> = {}): Params {
  const sid = overrides.MessageSid ?? newSid('SM');
  return {
    ToCountry: 'CA',
    ToState: 'QC',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: 'MONTREAL',
    FromZip: '',
    SmsSid: sid,
    FromState: 'QC',
    SmsStatus: 'received',
    FromCity: 'MONTREAL',
    Body: body,
    FromCountry: 'CA',
    To: BOT_NUMBER,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

export interface PostResult {
  status: number;
  body: string;
  contentType: string | null;
}

/**
 * Posts a form to `localUrl` (where the server listens) signed for `signedUrl` (what Twilio was
 * configured with; the public URL behind a proxy). `signature: null` omits the header.
 */
export async function postSigned(
  localUrl: string,
  params: Params,
  options: { signedUrl?: string; signature?: string | null; body?: string; authToken?: string } = {},
): Promise<PostResult> {
  const signature =
    options.signature === undefined
      ? sign(options.signedUrl ?? localUrl, params, options.authToken)
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'user-agent': 'TwilioProxy/1.1',
  };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(localUrl, {
    method: 'POST',
    headers,
    body: options.body ?? new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') };
}

/** The <Message> texts of a TwiML MessagingResponse. */
export function twimlMessages(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)) {
    out.push(
      (m[1] ?? '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    );
  }
  return out;
}
