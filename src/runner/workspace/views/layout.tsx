/**
 * The workspace's page frame (hono/jsx: every value is escaped unless wrapped in `raw`, which only
 * constant CSS is). No script anywhere: the pages work without JavaScript and the CSP forbids it.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export const CSS = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#d0d7de;--accent:#005a9c;--bg:#fff;--soft:#f3f6f9;--warn:#8a4b00}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);margin:0}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--soft)}
header.top nav{display:flex;flex-wrap:wrap;gap:.2rem .9rem}
header.top a{color:var(--accent);font-weight:600;text-decoration:none}
header.top a[aria-current=page]{text-decoration:underline}
main{max-width:980px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
.muted,.meta{color:var(--muted)}
.note{color:var(--muted);font-size:.9rem}
.error{border:2px solid #b00020;background:#fdecee;padding:.6rem .8rem;color:#7a0016}
.ok{border:2px solid #1a7f37;background:#eaf6ec;padding:.6rem .8rem}
table{border-collapse:collapse;width:100%}
td,th{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--soft)}
.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
form.inline{display:inline}
label{font-weight:600}
input[type=text],input[type=password],input[type=search],input[type=date],select{font:inherit;padding:.35rem .5rem;border:1px solid #767676;border-radius:4px;max-width:100%}
button{font:inherit;padding:.35rem .8rem;border:1px solid var(--accent);border-radius:4px;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.card{border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:.8rem 0}
.theme h3{margin:.2rem 0;font-size:1.1rem}
blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid var(--accent);background:var(--soft)}
.tag{display:inline-block;font-size:.8rem;padding:0 .45rem;border-radius:.6rem;background:#e6e6e6;color:#1b1b1b}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end}
.filters div{display:flex;flex-direction:column;min-width:0;max-width:100%}
.edit{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.3rem 0}
.login{max-width:26rem;margin:3rem auto}
.login input{width:100%}
svg{max-width:100%;height:auto}
@media (max-width:600px){main{padding:.6rem}td,th{padding:.3rem .35rem}h1{font-size:1.3rem}}
`;

export type Section = 'overview' | 'digests' | 'replies' | 'report';

export interface Frame {
  title: string;
  /** Signed in: shows the navigation and the sign-out form. */
  actor?: string;
  csrf?: string;
  section?: Section;
}

const NAV: Array<{ section: Section; href: string; label: string }> = [
  { section: 'overview', href: '/organizers/', label: 'Overview' },
  { section: 'digests', href: '/organizers/digests', label: 'Digests' },
  { section: 'replies', href: '/organizers/replies', label: 'Replies' },
  { section: 'report', href: '/organizers/report', label: 'Forum report' },
];

export function Layout(props: Frame & { children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Gathering Voices`}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        {props.actor ? (
          <header class="top">
            <nav aria-label="Workspace">
              {NAV.map((item) => (
                <a href={item.href} aria-current={props.section === item.section ? 'page' : undefined}>
                  {item.label}
                </a>
              ))}
            </nav>
            <form method="post" action="/organizers/logout" class="inline">
              <span class="muted">{props.actor} </span>
              <input type="hidden" name="_csrf" value={props.csrf ?? ''} />
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          </header>
        ) : null}
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** A whole page as the string to send. */
export function page(node: unknown): string {
  return `<!doctype html>\n${String(node)}`;
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
