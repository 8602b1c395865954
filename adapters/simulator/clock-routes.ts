/**
 * Time travel for the simulator: `GET /simulator/clock` tells the simulated time, `POST
 * /simulator/clock` with `{"advance":"1w"}` (or `"2d"`, `"6h"`, `"30m"`, or `{"advanceMs":n}`) moves
 * it forward and runs what came due. Refused (409) when other adapters run beside the simulator.
 */
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import { decodeUtf8, readBody, sendJson } from '../http-helpers.js';
import type { AdapterContext } from '../types.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** One step at most a year ahead: enough for any cadence, not enough to overflow a Date. */
const MAX_STEP_MS = 366 * 86_400_000;

const advanceBody = z.union([
  z
    .object({ advance: z.string().regex(/^\d{1,4}[mhdw]$/, 'use a number and m, h, d or w, e.g. "1w"') })
    .strict(),
  z.object({ advanceMs: z.number().int().positive() }).strict(),
]);

function stepMs(body: z.infer<typeof advanceBody>): number {
  if ('advanceMs' in body) return body.advanceMs;
  const unit = body.advance.slice(-1) as keyof typeof UNIT_MS;
  return Number(body.advance.slice(0, -1)) * UNIT_MS[unit];
}

export function registerClockRoutes(ctx: AdapterContext): void {
  const travel = ctx.timeTravel;
  const state = () =>
    travel
      ? {
          enabled: true,
          now: travel.now().toISOString(),
          offsetMs: travel.offsetMs(),
          timezone: travel.timezone,
        }
      : { enabled: false, now: new Date().toISOString(), offsetMs: 0 };

  ctx.http.route('GET', '/simulator/clock', (_req, res) => sendJson(res, 200, state()));
  ctx.http.route('POST', '/simulator/clock', async (req, res) => {
    if (!travel) {
      sendJson(res, 409, {
        error: {
          code: 'time_travel_unavailable',
          message:
            'time travel needs ADAPTERS=simulator alone: with real platforms it would move real residents too',
        },
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(decodeUtf8(await readBody(req, 4 * 1024)));
    } catch {
      throw new VoicesError(ErrorCode.InputInvalid, 'body must be JSON: {"advance": "1w"}');
    }
    const parsed = advanceBody.safeParse(json);
    if (!parsed.success) {
      throw new VoicesError(
        ErrorCode.InputInvalid,
        `advance: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    const ms = stepMs(parsed.data);
    if (ms <= 0 || ms > MAX_STEP_MS) {
      throw new VoicesError(ErrorCode.InputInvalid, 'advance: between one minute and one year at a time');
    }
    const moved = await travel.advance(ms);
    sendJson(res, 200, { ...state(), queued: moved.queued });
  });
}
