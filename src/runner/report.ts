/**
 * The forum report from the store: the stored weekly digests of a period as organizers edited them,
 * and the period's replies, gathered by `buildForumReport`; and its PDF, printed by Chromium
 * (playwright-core with the system's browser: nothing is downloaded) when one is installed.
 */
import { existsSync } from 'node:fs';
import { periodOf } from '../core/digest/period.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import type { Store } from '../core/ports/store.js';
import type { PromptFile } from '../core/prompts/schema.js';
import { buildForumReport, type ForumReport } from '../core/report/build.js';
import type { Organizer } from './organizer.js';

export interface ReportRequest {
  /** First and last local day (YYYY-MM-DD); by default the whole campaign (every stored digest). */
  from?: string | undefined;
  to?: string | undefined;
  language: 'en' | 'fr';
}

export interface ReportSources {
  store: Store;
  organizer: Pick<Organizer, 'editedDigests' | 'editState'>;
  script: PromptFile;
  timezone: string;
  organization: (language: 'en' | 'fr') => string;
  now: Date;
}

export async function forumReport(sources: ReportSources, request: ReportRequest): Promise<ForumReport> {
  const all = await sources.organizer.editedDigests();
  const from = request.from ?? all[0]?.period.from;
  const to = request.to ?? all.at(-1)?.period.to;
  if (from && to && from > to)
    throw new VoicesError(ErrorCode.InputInvalid, 'to: the period ends before it starts');
  const digests = all.filter((d) => (!from || d.period.from >= from) && (!to || d.period.to <= to));
  const period = from && to ? periodOf(from, to, sources.timezone) : undefined;
  const replies = period ? await sources.store.read((r) => r.repliesBetween(period.start, period.end)) : [];
  const { hiddenQuotes } = await sources.organizer.editState();
  const language = request.language;
  const promptTexts = Object.fromEntries(sources.script.prompts.map((p) => [p.id, p.text[language]]));
  const groupNames = Object.fromEntries(sources.script.groups.options.map((g) => [g.id, g[language]]));
  const report = buildForumReport({
    organization: sources.organization(language),
    language,
    timezone: sources.timezone,
    from: from ?? '',
    to: to ?? '',
    // Each question in the report's language, whatever language the weekly digests were written in.
    digests: digests.map((d) => ({
      ...d,
      prompts: d.prompts.map((p) => ({ ...p, promptText: promptTexts[p.promptId] ?? p.promptText })),
    })),
    replies: replies.map((r) => ({
      id: r.id,
      text: r.text,
      group: r.group,
      channel: r.channel,
      participantId: r.participantId,
    })),
    groupNames,
    hiddenQuotes,
    generatedAt: sources.now,
  });
  return report;
}

/** CHROMIUM_PATH when set (and only it), else where Chromium usually is: Debian's and other common names. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

export const NO_CHROMIUM =
  'printing to PDF needs Chromium, which is not installed: install it (Debian/Ubuntu: apt-get install chromium) ' +
  "or set CHROMIUM_PATH to it. Meanwhile, write the report as HTML (--out report.html) and use your browser's Print → Save as PDF.";

/** Prints a self-contained HTML page to PDF (A4, backgrounds kept) with the installed Chromium. */
export async function printPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const executablePath = findChromium(env);
  if (!executablePath)
    throw new VoicesError(ErrorCode.ConfigInvalid, NO_CHROMIUM, { variable: 'CHROMIUM_PATH' });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Off the network: the page is self-contained, and a closed network makes Chromium's own calls fail.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
