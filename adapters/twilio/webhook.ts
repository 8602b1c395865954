/**
 * Twilio webhook requests: reading the form body, checking X-Twilio-Signature with the SDK
 * against the public URL Twilio was given (not the address this process listens on, which
 * differs behind a TLS-terminating proxy), and the zod shapes of the two payloads we accept.
 */
import type { IncomingMessage } from 'node:http';
import twilio from 'twilio';
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import type { DeliveryStatus } from '../types.js';

/** Twilio's webhook bodies are a few kilobytes at most; anything far larger is not Twilio. */
export const MAX_BODY_BYTES = 64 * 1024;

export type FormParams = Record<string, string | string[]>;

/** Reads an application/x-www-form-urlencoded body, refusing more than `limit` bytes. */
export async function readForm(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<FormParams> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new VoicesError(ErrorCode.PayloadTooLarge, 'webhook body too large', { bytes: declared });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit)
      throw new VoicesError(ErrorCode.PayloadTooLarge, 'webhook body too large', { bytes: size });
    chunks.push(buf);
  }
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[key] = [existing, value];
  }
  return params;
}

/**
 * The URL Twilio signed: the configured public URL (origin and any path prefix a proxy strips)
 * followed by the path and query string as this server received them.
 */
export function signedUrl(publicUrl: string, req: IncomingMessage): string {
  return `${publicUrl}${req.url ?? '/'}`;
}

/** True when the request carries a valid X-Twilio-Signature for `url` and `params`. */
export function isSignedByTwilio(
  authToken: string,
  req: IncomingMessage,
  url: string,
  params: FormParams,
): boolean {
  const header = req.headers['x-twilio-signature'];
  if (typeof header !== 'string' || header === '') return false;
  return twilio.validateRequest(authToken, header, url, params);
}

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`));

/** An incoming SMS/MMS (the fields we use; Twilio sends many more, all covered by the signature). */
export const inboundSmsSchema = z.object({
  MessageSid: sid('(SM|MM)'),
  AccountSid: sid('AC'),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(10_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(50).default(0),
  /** Where the sender's number was issued: a hint at their timezone (timezone-hint.ts). */
  FromCountry: z.string().max(8).optional(),
  FromState: z.string().max(64).optional(),
  /** Present when a Messaging Service with Advanced Opt-Out recognised a keyword. */
  OptOutType: z.enum(['STOP', 'START', 'HELP']).optional(),
});
export type InboundSms = z.infer<typeof inboundSmsSchema>;

/** A message status callback for a message we sent. */
export const statusCallbackSchema = z.object({
  MessageSid: sid('(SM|MM)'),
  AccountSid: sid('AC'),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().regex(/^\d+$/).optional(),
  To: z.string().min(1).max(64).optional(),
});
export type StatusCallback = z.infer<typeof statusCallbackSchema>;

/** Twilio's message statuses on our delivery scale; statuses that say nothing new map to null. */
export function toDeliveryStatus(twilioStatus: string): DeliveryStatus | null {
  switch (twilioStatus.toLowerCase()) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}
