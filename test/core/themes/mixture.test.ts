import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/themes/features.js';
import { MIXTURE_DEFAULTS, mixtureSweeps } from '../../../src/core/themes/mixture.js';

const CLIMATE = [
  'Cut carbon emissions before the planet warms further',
  'Carbon emissions from trucks warm the planet',
  'The planet needs lower carbon emissions now',
  'Tax carbon emissions to slow global warming',
  'Global warming and carbon emissions are urgent',
  'Emissions of carbon keep the planet warming',
];
const DAYCARE = [
  'More daycare places for working parents',
  'Parents wait years for a daycare place',
  'Daycare costs too much for young parents',
  'Open a daycare near the school for parents',
  'Parents need daycare on weekends',
  'Affordable daycare would help parents',
];

/** The two themes as k-means left them (climate 0, daycare 1), then `extra` replies in the themes given. */
function setUp(extra: Array<[string, number]>) {
  const texts = [...CLIMATE, ...DAYCARE, ...extra.map(([t]) => t)];
  const a = analyze(texts.map((text, i) => ({ id: `r${i}`, text })));
  const assign = Int32Array.from([
    ...CLIMATE.map(() => 0),
    ...DAYCARE.map(() => 1),
    ...extra.map(([, t]) => t),
  ]);
  return { a, assign, last: texts.length - 1 };
}

describe('mixtureSweeps', () => {
  it('moves a reply to the theme all its words belong to, not the one a single word ties it to', () => {
    const { a, assign, last } = setUp([['Our parents left us carbon emissions and a warming planet', 1]]);
    const out = mixtureSweeps(a, assign, 2, MIXTURE_DEFAULTS);
    expect(out[last]).toBe(0);
    // Nobody else moves.
    expect([...out.slice(0, last)]).toEqual([...assign.slice(0, last)]);
  });

  it('leaves a reply where it is unless another theme is more likely by the margin', () => {
    const { a, assign, last } = setUp([['Our parents left us carbon emissions and a warming planet', 1]]);
    expect(mixtureSweeps(a, assign, 2, { ...MIXTURE_DEFAULTS, margin: 100 })[last]).toBe(1);
    const both = setUp([['Parents worry about the planet', 1]]);
    expect(mixtureSweeps(both.a, both.assign, 2, MIXTURE_DEFAULTS)[both.last]).toBe(1);
  });

  it('leaves unthemed replies out, and does nothing with no sweeps', () => {
    const { a, assign, last } = setUp([['Our parents left us carbon emissions and a warming planet', -1]]);
    expect(mixtureSweeps(a, assign, 2, MIXTURE_DEFAULTS)[last]).toBe(-1);
    const moved = setUp([['Our parents left us carbon emissions and a warming planet', 1]]);
    expect(mixtureSweeps(moved.a, moved.assign, 2, { ...MIXTURE_DEFAULTS, sweeps: 0 })[moved.last]).toBe(1);
  });

  it('leaves pinned replies where they are, and still counts them', () => {
    const { a, assign, last } = setUp([['Our parents left us carbon emissions and a warming planet', 1]]);
    const pinned = new Uint8Array(assign.length);
    pinned[last] = 1;
    expect(mixtureSweeps(a, assign, 2, MIXTURE_DEFAULTS, pinned)[last]).toBe(1);
    // Six climate replies pinned in the daycare theme make it a climate theme too: the seventh now fits there.
    const many = setUp([
      ...CLIMATE.map((t): [string, number] => [`${t} again`, 1]),
      ['Our parents left us carbon emissions and a warming planet', 1],
    ]);
    const pins = new Uint8Array(many.assign.length).fill(1);
    pins[many.last] = 0;
    expect(mixtureSweeps(many.a, many.assign, 2, MIXTURE_DEFAULTS, pins)[many.last]).toBe(1);
    expect(mixtureSweeps(many.a, many.assign, 2, MIXTURE_DEFAULTS)[many.last]).toBe(0);
  });

  it('never takes a theme under the floor', () => {
    const { a, assign, last } = setUp([['Our parents left us carbon emissions and a warming planet', 1]]);
    // The last reply and two daycare replies form a third theme of three.
    assign[last] = 2;
    assign[CLIMATE.length] = 2;
    assign[CLIMATE.length + 1] = 2;
    expect(mixtureSweeps(a, assign, 3, MIXTURE_DEFAULTS)[last]).toBe(0);
    expect([...mixtureSweeps(a, assign, 3, MIXTURE_DEFAULTS, undefined, 3)]).toEqual([...assign]);
  });

  it('gives the same assignment on every run', () => {
    const { a, assign } = setUp([
      ['Our parents left us carbon emissions and a warming planet', 1],
      ['Daycare for parents of the school', 0],
    ]);
    const first = [...mixtureSweeps(a, assign, 2, MIXTURE_DEFAULTS)];
    expect(first.slice(-2)).toEqual([0, 1]);
    expect([...mixtureSweeps(a, assign, 2, MIXTURE_DEFAULTS)]).toEqual(first);
  });
});
