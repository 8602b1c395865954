/**
 * The signed-in pages: overview, digests and their review, replies, the forum report. Each handler
 * parses its input with zod (a bad field is a 400 that changes nothing), calls the organizer
 * service, and renders a view.
 */

import { stringify } from 'csv-stringify/sync';
import type express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { parseMergeValue, THEME_EDIT_ACTIONS } from '../../core/digest/edits.js';
import { ErrorCode, isVoicesError, VoicesError } from '../../core/errors.js';
import { renderForumReportHtml } from '../../core/report/render-html.js';
import { MAX_LABEL, type ReplyQuery } from '../organizer.js';
import { NO_CHROMIUM, printPdf } from '../report.js';
import type { WorkspaceOptions } from './app.js';
import { BASE, formError, pageContext, sendHtml } from './respond.js';
import { DigestPage, DigestsPage } from './views/digests.js';
import { page } from './views/layout.js';
import { MessagePage } from './views/login.js';
import { OverviewPage } from './views/overview.js';
import { RepliesPage } from './views/replies.js';
import { ReportToolbar } from './views/report.js';

const filter = z
  .string()
  .trim()
  .max(200, 'at most 200 characters')
  .optional()
  .transform((v) => (v ? v : undefined));
const replyQuery = z.strictObject(
  {
    q: filter,
    prompt: filter,
    group: filter,
    week: filter,
    theme: filter,
    language: filter,
    channel: filter,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown filter: ${issue.keys.join(', ')}` : undefined,
  },
);
const PAGE_SIZE = 50;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .optional()
  .or(z.literal('').transform(() => undefined));
const reportQuery = z.strictObject(
  {
    from: day,
    to: day,
    language: z
      .enum(['en', 'fr'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown option: ${issue.keys.join(', ')}` : undefined,
  },
);
/** A CSV download holds at most this many replies (the filters narrow it). */
const CSV_LIMIT = 200_000;

/** Spreadsheets run cells starting with these as formulas: such a cell is prefixed with a quote. */
function csvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface PageDeps extends WorkspaceOptions {
  generateToken: (req: Request) => string;
  csrf: RequestHandler;
}

const themeKey = z.string().min(1).max(200);
const editForm = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('rename'), theme: themeKey, label: z.string().max(MAX_LABEL * 4) }),
    z.object({ action: z.literal('merge'), theme: themeKey, into: themeKey }),
    z.object({ action: z.enum(['unmerge', 'hide', 'show']), theme: themeKey }),
    z.object({
      action: z.enum(['hide-quote', 'show-quote']),
      theme: themeKey,
      quote: z.string().regex(/^[0-9a-f]{16}$/, 'not a quote id'),
    }),
  ],
  { error: () => `action: one of ${THEME_EDIT_ACTIONS.join(', ')}` },
);

const digestId = (req: Request) => {
  const id = req.params.id;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id))
    throw new VoicesError(ErrorCode.NotFound, 'no such digest');
  return id;
};

function parseReplyQuery(req: Request) {
  const raw = Object.fromEntries(new URL(req.originalUrl, 'http://localhost').searchParams);
  const parsed = replyQuery.safeParse(raw);
  if (!parsed.success) throw new VoicesError(ErrorCode.InputInvalid, formError(parsed.error));
  const { page: pageNumber, ...query } = parsed.data;
  return {
    page: pageNumber,
    query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ReplyQuery,
  };
}

export function registerPages(app: express.Express, deps: PageDeps): void {
  const { organizer, timezone } = deps;
  const ctx = (req: Request) => pageContext(req, deps.generateToken);
  const actor = (req: Request) => req.session.organizer?.actor ?? 'organizer';

  app.get(`${BASE}/`, async (req, res) => {
    sendHtml(
      res,
      200,
      page(
        OverviewPage({
          title: 'Overview',
          ...ctx(req),
          stats: await organizer.stats(),
          digests: await organizer.listDigests(),
          timezone,
        }),
      ),
    );
  });

  app.get(`${BASE}/replies`, async (req, res) => {
    const { page: pageNumber, query } = parseReplyQuery(req);
    const result = await organizer.replies(query, { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
    const queryString = (changes: Record<string, string | undefined>) => {
      const params = new URLSearchParams(
        Object.entries({ ...query, page: String(pageNumber), ...changes }).filter(
          (e): e is [string, string] => e[1] !== undefined && !(e[0] === 'page' && e[1] === '1'),
        ),
      );
      const text = params.toString();
      return text ? `?${text}` : '';
    };
    sendHtml(
      res,
      200,
      page(
        RepliesPage({
          title: 'Replies',
          ...ctx(req),
          query,
          result,
          page: pageNumber,
          pageSize: PAGE_SIZE,
          timezone,
          promptTexts: deps.promptTexts,
          queryString,
        }),
      ),
    );
  });

  app.get(`${BASE}/replies.csv`, async (req, res) => {
    const { query } = parseReplyQuery(req);
    const result = await organizer.replies(query, { limit: CSV_LIMIT, offset: 0 });
    const csv = stringify(
      result.rows.map((r) =>
        [
          r.receivedAt.toISOString(),
          r.promptId ?? '',
          r.group ?? '',
          r.channel,
          r.language ?? '',
          r.themes.join('; '),
          r.text,
        ].map(csvCell),
      ),
      { header: true, columns: ['received_at', 'prompt', 'group', 'channel', 'language', 'themes', 'text'] },
    );
    const day = new Date().toISOString().slice(0, 10);
    res
      .status(200)
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="replies-${day}.csv"`,
      })
      .send(`\uFEFF${csv}`);
  });

  const parseReport = (req: Request) => {
    const raw = Object.fromEntries(new URL(req.originalUrl, 'http://localhost').searchParams);
    const parsed = reportQuery.safeParse(raw);
    if (!parsed.success) throw new VoicesError(ErrorCode.InputInvalid, formError(parsed.error));
    return { ...parsed.data, language: parsed.data.language ?? deps.defaultLanguage };
  };

  app.get(`${BASE}/report`, async (req, res) => {
    const request = parseReport(req);
    const report = await deps.report(request);
    sendHtml(res, 200, renderForumReportHtml(report, ReportToolbar({ request, report })));
  });

  app.get(`${BASE}/report.pdf`, async (req, res) => {
    const request = parseReport(req);
    try {
      const pdf = await printPdf(renderForumReportHtml(await deps.report(request)));
      res
        .status(200)
        .set({
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="forum-report-${request.language}.pdf"`,
        })
        .send(pdf);
    } catch (err) {
      if (isVoicesError(err, ErrorCode.ConfigInvalid)) {
        sendHtml(
          res,
          503,
          page(MessagePage({ title: 'PDF not available', status: 503, message: NO_CHROMIUM, ...ctx(req) })),
        );
        return;
      }
      throw err;
    }
  });

  app.get(`${BASE}/digests`, async (req, res) => {
    const digests = await organizer.listDigests();
    sendHtml(res, 200, page(DigestsPage({ title: 'Digests', ...ctx(req), digests, timezone })));
  });

  const renderDigest = async (req: Request, res: Response, status: number, notice?: string) => {
    const id = digestId(req);
    const view = await organizer.digest(id);
    if (!view) throw new VoicesError(ErrorCode.NotFound, 'There is no digest for that week.');
    const state = await organizer.editState();
    const editLog = await organizer.editLog();
    const builtThemes = view.built.prompts.flatMap((p) => p.themes);
    const labelOf = (key: string) =>
      state.labels.get(key) ?? builtThemes.find((t) => t.key === key)?.label ?? key;
    sendHtml(
      res,
      status,
      page(
        DigestPage({
          title: `Digest ${view.digest.period.from}`,
          ...ctx(req),
          view,
          timezone,
          edits: editLog.filter((e) => builtThemes.some((t) => t.key === e.themeKey) || e.digestId === id),
          hiddenThemes: builtThemes
            .filter((t) => state.hidden.has(t.key))
            .map((t) => ({ key: t.key, label: labelOf(t.key) })),
          mergedThemes: builtThemes.flatMap((t) => {
            const merge = state.mergedInto.get(t.key);
            return merge ? [{ key: t.key, label: t.label, into: merge.into }] : [];
          }),
          hiddenQuoteIds: state.hiddenQuotes,
          ...(notice ? { notice } : {}),
        }),
      ),
    );
  };

  app.get(`${BASE}/digests/:id`, (req, res) => renderDigest(req, res, 200));

  app.post(`${BASE}/digests/:id/edits`, deps.csrf, async (req, res) => {
    const id = digestId(req);
    const parsed = editForm.safeParse(req.body ?? {});
    if (!parsed.success) throw new VoicesError(ErrorCode.InputInvalid, formError(parsed.error));
    const form = parsed.data;
    const edit = await organizer.editTheme(
      id,
      {
        themeKey: form.theme,
        action: form.action,
        ...('label' in form ? { label: form.label } : {}),
        ...('into' in form ? { into: form.into } : {}),
        ...('quote' in form ? { quote: form.quote } : {}),
      },
      actor(req),
    );
    const anchor = edit.action === 'merge' ? parseMergeValue(edit.value)?.into : edit.themeKey;
    res.redirect(
      303,
      `${BASE}/digests/${encodeURIComponent(id)}${anchor ? `#theme-${encodeURIComponent(anchor)}` : ''}`,
    );
  });

  app.post(`${BASE}/digests/:id/approve`, deps.csrf, async (req, res) => {
    const id = digestId(req);
    const approved = await organizer.approve(id, actor(req));
    await renderDigest(
      req,
      res,
      approved ? 200 : 409,
      approved
        ? 'Approved: the digest was posted.'
        : 'This digest was not in review (already approved or posted).',
    );
  });
}
