// Renders the ledger report as a plain HTML page for people: coverage on top, one row per conversion.

import type { ConversionRow, LedgerReport, Share } from './types.js';

/** Number of columns of the conversions table. */
const CONVERSION_COLUMNS = 12;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Renders `report` as a complete HTML document. Every value from the ledger is escaped.
 *
 * @param refreshSeconds - when set, the page reloads itself after this many seconds
 */
export function renderReportHtml(report: LedgerReport, options: { refreshSeconds?: number } = {}): string {
  const refresh =
    options.refreshSeconds === undefined
      ? ''
      : `\n<meta http-equiv="refresh" content="${options.refreshSeconds}">`;
  const { totals, coverage } = report;

  const dedupRows = Object.entries(coverage.dedupRateByEventName)
    .map(
      ([name, entry]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${entry.deduplicated} of ${entry.conversions}</td><td>${percent(entry.rate)}</td></tr>`,
    )
    .join('\n');

  const rows = report.conversions.map(renderRow).join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">${refresh}
<title>pinpair testkit: dedup report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
code { font-size: 12px; }
.yes { color: #116611; font-weight: bold; }
.no { color: #aa1111; font-weight: bold; }
.error { color: #aa1111; }
.warning { color: #8a6100; }
ul { margin: 0; padding-left: 1.1rem; }
.truncate { display: inline-block; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: top; }
.none { color: #777; }
</style>
</head>
<body>
<h1>Dedup report</h1>
<p>Generated ${escapeHtml(report.generatedAt)}. A conversion is deduplicated when the tag and the Conversions API sent the same event name and <code>event_id</code> within ${report.dedupWindowHours} h.
JSON: <a href="/_testkit/report.json">/_testkit/report.json</a>.</p>

<h2>Coverage</h2>
<table id="coverage">
<tr><th>Figure</th><th>Value</th></tr>
<tr><td>Conversions</td><td data-figure="conversions">${totals.conversions}</td></tr>
<tr><td>Deduplicated</td><td data-figure="deduplicated">${totals.deduplicated}</td></tr>
<tr><td>With problems</td><td data-figure="with-problems">${totals.withProblems}</td></tr>
<tr><td>CAPI events accepted / rejected</td><td data-figure="capi-events">${coverage.capi.events} / ${totals.capiEventsFailed}</td></tr>
<tr><td>CAPI events with <code>em</code></td><td data-figure="capi-with-em">${percent(coverage.capi.withEm)}</td></tr>
<tr><td>CAPI events with IP and user agent</td><td data-figure="capi-with-ip-and-user-agent">${percent(coverage.capi.withIpAndUserAgent)}</td></tr>
<tr><td>CAPI events with <code>click_id</code></td><td data-figure="capi-with-click-id">${percent(coverage.capi.withClickId)}</td></tr>
<tr><td>Tag events</td><td data-figure="tag-events">${coverage.tag.events}</td></tr>
<tr><td>Tag events with <code>event_id</code></td><td data-figure="tag-with-event-id">${percent(coverage.tag.withEventId)}</td></tr>
</table>

<h2>Dedup rate by event name</h2>
<table id="dedup-rate">
<tr><th>Event name</th><th>Deduplicated</th><th>Rate</th></tr>
${dedupRows || '<tr><td colspan="3">No conversions yet.</td></tr>'}
</table>

<h2>Conversions</h2>
<p>The <code>em</code>, <code>client_ip_address</code> and <code>client_user_agent</code> columns show the first accepted CAPI copy. Products come from that copy, or from the tag's <code>line_items</code> when no CAPI copy was accepted.</p>
<table id="conversions">
<tr><th>Event</th><th>event_id</th><th>order_id</th><th>Value</th><th>Products</th><th>Channels</th><th>Deduplicated</th><th><code>em</code></th><th>Click id</th><th><code>client_ip_address</code></th><th><code>client_user_agent</code></th><th>Problems</th></tr>
${rows || `<tr><td colspan="${CONVERSION_COLUMNS}">No conversions yet. Send a tag beacon or a CAPI event.</td></tr>`}
</table>
</body>
</html>
`;
}

function renderRow(row: ConversionRow): string {
  const value = row.value === null ? '' : `${row.value} ${row.currency ?? ''}`.trim();
  const channels = `tag ×${row.copies.tag}, CAPI ×${row.copies.capi}${row.copies.capiFailed > 0 ? ` (+${row.copies.capiFailed} rejected)` : ''}`;
  const problems =
    row.problems.length === 0
      ? 'none'
      : `<ul>${row.problems
          .map(
            (problem) =>
              `<li class="${problem.severity}" data-code="${escapeHtml(problem.code)}"><code>${escapeHtml(problem.code)}</code> ${escapeHtml(problem.message)}</li>`,
          )
          .join('')}</ul>`;

  return `<tr class="conversion" data-id="${escapeHtml(row.id)}" data-deduplicated="${row.deduplicated}">
<td>${escapeHtml(row.eventName ?? 'unknown')}</td>
<td><code>${escapeHtml(row.eventId ?? '(none)')}</code></td>
<td>${escapeHtml(row.orderId ?? '')}</td>
<td>${escapeHtml(value)}</td>
<td class="products">${orNone(row.contentIds.join(', '))}</td>
<td data-channels="${escapeHtml(row.channels.join(' '))}">${escapeHtml(channels)}</td>
<td class="${row.deduplicated ? 'yes' : 'no'}">${row.deduplicated ? 'yes' : 'no'}</td>
${renderEmCell(row)}
<td>${row.clickIdPresent ? 'yes' : 'no'}</td>
<td class="client-ip-address">${orNone(row.clientIpAddress)}</td>
${renderUserAgentCell(row.clientUserAgent)}
<td>${problems}</td>
</tr>`;
}

/** Renders whether the CAPI copy had `em`, with every `user_data` field it had in the tooltip. */
function renderEmCell(row: ConversionRow): string {
  const hasEm = row.userDataKeys.includes('em');
  const title =
    row.userDataKeys.length === 0
      ? 'No accepted CAPI copy'
      : `user_data fields: ${row.userDataKeys.join(', ')}`;
  return `<td class="em" data-em="${hasEm}" title="${escapeHtml(title)}">${hasEm ? 'yes' : 'no'}</td>`;
}

/** Renders the user agent cut to the column width, with the full text in the tooltip. */
function renderUserAgentCell(userAgent: string | null): string {
  if (userAgent === null) return `<td class="client-user-agent">${orNone(null)}</td>`;
  const text = escapeHtml(userAgent);
  return `<td class="client-user-agent"><span class="truncate" title="${text}">${text}</span></td>`;
}

/** Escapes `text`, or renders a grey "none" when it is null or empty. */
function orNone(text: string | null): string {
  return text === null || text === '' ? '<span class="none">none</span>' : escapeHtml(text);
}

function percent(share: Share): string {
  return share === null ? 'n/a' : `${Math.round(share * 1000) / 10}%`;
}
