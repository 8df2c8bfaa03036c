import type { JobView, PackageView, StatusData } from './status-data.js';

/** HTML-escape text for element content and quoted attributes. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:.75rem;color:#1f2328}
h1{font-size:1.3rem;margin:.2rem 0}.meta{color:#59636e;margin:0 0 1rem}
section{border:1px solid #d1d9e0;border-radius:6px;margin:0 0 .9rem;padding:.5rem .75rem}
section.failing{border-color:#cf222e;border-left-width:5px}
h2{font-size:1.05rem;margin:.2rem 0;word-break:break-all}.depth{font-weight:normal;color:#59636e;font-size:.9rem}
ol{list-style:none;margin:0;padding:0}li{padding:.35rem 0;border-top:1px solid #eef1f4}
.state{display:inline-block;min-width:5.5rem;font-weight:600}.failed{color:#cf222e}.done{color:#1a7f37}.running{color:#9a6700}.queued,.superseded{color:#59636e}
.err{white-space:pre-wrap;word-break:break-word;background:#fff1f0;border-radius:4px;padding:.3rem .5rem;margin:.3rem 0 0;font:13px/1.35 ui-monospace,monospace;max-height:12rem;overflow:auto}
a{color:#0969da;margin-right:.6rem;word-break:break-all}
`;

/** The /status page: plain server-rendered HTML (no script), every value escaped, readable on a phone. */
export function renderStatusPage(s: StatusData): string {
  const failing = s.packages.filter((p) => p.failing).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>distsync status${failing ? ` (${failing} failing)` : ''}</title><style>${STYLE}</style></head>
<body><h1>distsync status</h1>
<p class="meta">${esc(new Date(s.generatedAt).toISOString())} · deliveries: <span id="deliveries-minute">${esc(s.deliveriesLastMinute)}</span> in the last minute, ${esc(s.deliveriesPerMinuteLastHour)}/min over the last hour · ${esc(s.packages.length)} package(s), ${esc(failing)} failing</p>
${s.packages.length ? s.packages.map(renderPackage).join('\n') : '<p>No jobs yet.</p>'}
</body></html>
`;
}

function renderPackage(p: PackageView): string {
  return `<section class="${p.failing ? 'failing' : 'ok'}" data-package="${esc(p.name)}">
<h2>${p.failing ? '✗ ' : ''}${esc(p.name)} <span class="depth">${esc(p.queued)} queued · ${esc(p.running)} running</span></h2>
<ol>${p.jobs.map(renderJob).join('')}</ol></section>`;
}

function renderJob(j: JobView): string {
  const links = j.links.map((l) => `<a href="${esc(l.url)}" rel="noreferrer">${esc(l.label)}</a>`).join('');
  return `<li data-job="${esc(j.id)}"><span class="state ${esc(j.state)}">${esc(j.state)}</span> ${esc(j.kind)} #${esc(j.id)} · attempt ${esc(j.attempts)}/${esc(j.maxAttempts)} · ${esc(new Date(j.at).toISOString().replace('T', ' ').slice(0, 19))} UTC${j.durationMs !== undefined ? ` · ${esc(duration(j.durationMs))}` : ''}
${links ? `<div>${links}</div>` : ''}${j.error ? `<pre class="err">${esc(j.error.slice(0, 4000))}</pre>` : ''}</li>`;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
