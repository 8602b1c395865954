/**
 * `voices report [--from DATE --to DATE] [--language en|fr] [--format html] [--out FILE] [--pdf FILE]`:
 * the forum report of a campaign period (all stored weeks by default): themes with their trends,
 * theme × group, common ground, quotes and participation, as organizers edited the digests.
 * `--pdf` prints it with the installed Chromium and says so clearly when there is none.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { isDate } from '../../core/digest/period.js';
import type { ForumReport } from '../../core/report/build.js';
import type { CliContext } from '../context.js';
import { parseOptions } from '../parse-options.js';

const date = z.string().refine(isDate, 'use YYYY-MM-DD');

export const reportOptions = z
  .object({
    from: date.optional(),
    to: date.optional(),
    language: z.enum(['en', 'fr']).optional(),
    format: z.enum(['html']).default('html'),
    out: z.string().min(1).optional(),
    pdf: z.string().min(1).optional(),
  })
  .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, {
    message: '--to is before --from',
    path: ['to'],
  });

export interface ReportRun {
  report: ForumReport;
  html: string;
  /** Set when a PDF was written. */
  pdfBytes?: number;
}

export async function runReport(
  ctx: CliContext,
  raw: unknown,
  deps: { now?: Date; env?: NodeJS.ProcessEnv } = {},
): Promise<ReportRun> {
  const options = parseOptions(reportOptions, raw);
  const [{ organizationName }, { Organizer }, { forumReport, printPdf }, { renderForumReportHtml }] =
    await Promise.all([
      import('../../config/env.js'),
      import('../../runner/organizer.js'),
      import('../../runner/report.js'),
      import('../../core/report/render-html.js'),
    ]);
  const organizer = new Organizer({
    store: ctx.store,
    conversations: ctx.conversations,
    promptIds: ctx.script.prompts.map((p) => p.id),
    renderers: {},
    kickOutbox: () => undefined,
  });
  const report = await forumReport(
    {
      store: ctx.store,
      organizer,
      script: ctx.script,
      timezone: ctx.config.TIMEZONE,
      organization: (language) => organizationName(ctx.config, language),
      now: deps.now ?? new Date(),
    },
    { from: options.from, to: options.to, language: options.language ?? ctx.config.DEFAULT_LANGUAGE },
  );
  const html = renderForumReportHtml(report);
  if (options.out) writeFileSync(options.out, html, 'utf8');
  if (options.pdf) {
    const pdf = await printPdf(html, deps.env);
    writeFileSync(options.pdf, pdf);
    return { report, html, pdfBytes: pdf.length };
  }
  return { report, html };
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'the forum report of a campaign period: themes, trends, theme × group, common ground, quotes',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD, in TIMEZONE); default: the first stored week')
    .option('--to <date>', 'last day included (YYYY-MM-DD); default: the last stored week')
    .option('--language <language>', 'en | fr (default: DEFAULT_LANGUAGE)')
    .option('--format <format>', 'html', 'html')
    .option('--out <file>', 'write the HTML to this file instead of standard output')
    .option('--pdf <file>', 'also print it to this PDF file (needs Chromium installed)')
    .action(async (options: Record<string, unknown>) => {
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        const run = await runReport(ctx, options);
        if (!options.out && !options.pdf) process.stdout.write(run.html);
        const weeks = run.report.weeks.length;
        process.stderr.write(
          weeks === 0
            ? 'report: no stored weekly digest in this period (digests are stored at DIGEST_CRON, or with `voices digest --post`)\n'
            : `report: ${weeks} week${weeks === 1 ? '' : 's'}, ${run.report.prompts.reduce((s, p) => s + p.themes.length, 0)} themes` +
                `${run.pdfBytes ? `; PDF written to ${String(options.pdf)}` : ''}\n`,
        );
      } finally {
        await ctx.close();
      }
    });
}
