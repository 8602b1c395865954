/** What every workspace handler shares: the base path, the page context, HTML responses, form errors. */
import type { Request, Response } from 'express';
import type { z } from 'zod';

export const BASE = '/organizers';

export interface PageContext {
  actor: string;
  csrf: string;
}

/** The signed-in organizer and a CSRF token for the page's forms. */
export function pageContext(req: Request, generateToken: (req: Request) => string): PageContext {
  return { actor: req.session.organizer?.actor ?? '', csrf: generateToken(req) };
}

export function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

/** A 4xx from a form's fields: the fields' messages, never their values. */
export function formError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
}
