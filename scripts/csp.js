/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The Content-Security-Policy of every page Watt serves. The task pane states its own in
 * src/taskpane/taskpane.html (office.js from appsforoffice.microsoft.com); the other pages (workbench,
 * help, index) get PAGE_CSP as a <meta> (webpack.config.js), so a production build hosted anywhere
 * carries it; the dev server (scripts/start.js) also sends DEV_SERVER_CSP as a header on every
 * response, the union of the two, so each page is held to its own policy (a browser enforces both).
 * Data: the two sources WATT.NETWORK reads (test/network/csp.test.ts holds the task pane to them).
 */
const DATA_SOURCES = ['https://mempool.space', 'https://api.coingecko.com'];

function policy(scripts) {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...scripts].join(' ')}`,
    // Fluent's and the grid's styles are set from script; no inline script is allowed anywhere.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${DATA_SOURCES.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

const PAGE_CSP = policy([]);
const DEV_SERVER_CSP = policy(['https://appsforoffice.microsoft.com']);

module.exports = { PAGE_CSP, DEV_SERVER_CSP, DATA_SOURCES };
