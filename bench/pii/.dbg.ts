import { detectNames } from '../../src/core/privacy/scrub/names.js';

for (const s of ['Dr. Wells, see', 'on Dr. Wells', 'Dr. Wells', 'Dr. Smith', 'Mrs. Baker, see']) {
  const out: { start: number; end: number }[] = [];
  detectNames(s, out as never);
  console.log(
    s,
    out.map((o) => s.slice(o.start, o.end)),
  );
}
