import { allLocales } from '@faker-js/faker';
const en = allLocales.en.location as Record<string, unknown>;
console.log(Object.keys(en));
let n = 0; const s = new Set<string>();
for (const l of Object.values(allLocales)) { const loc = (l as { location?: Record<string, unknown> }).location; if (!loc) continue; for (const f of ['city_name', 'country', 'state', 'county']) { const v = loc[f]; if (Array.isArray(v)) v.forEach((x) => s.add(String(x).toLowerCase())); } }
console.log(s.size, ['france','phoenix','victoria','paris','montréal','toronto','czech republic','jasper','regina','florence','austin','chelsea','sydney','kiel'].map((w) => w + ':' + s.has(w)).join(' '));
