/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The manifest's development origin (https://localhost:3000) rewritten to where a production build is
 * hosted (WATT_ADDIN_ORIGIN). Used by webpack.config.js when it copies manifest.xml into dist/;
 * test/addin/manifest-origin.test.ts checks it on the real manifest.
 *
 * Every URL under the dev origin becomes the same path under the new base (which may carry a path,
 * e.g. https://cdn.example.com/watt/); a bare origin (AppDomain) becomes the new origin. Anything still
 * naming localhost afterwards fails the build rather than ship a manifest Excel cannot load.
 */
const DEV_ORIGIN = 'https://localhost:3000';

/** "https://host[:port]/path/" from WATT_ADDIN_ORIGIN; throws on anything but an https URL. */
function normalizeBase(origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`WATT_ADDIN_ORIGIN must be an https URL such as https://addin.example.com/ (got "${origin}")`);
  }
  if (url.protocol !== 'https:') throw new Error(`WATT_ADDIN_ORIGIN must use https, which Excel requires (got "${origin}")`);
  if (url.search || url.hash) throw new Error(`WATT_ADDIN_ORIGIN must not carry a query or fragment (got "${origin}")`);
  return url.origin + (url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`);
}

/** The manifest text with every localhost URL pointing at `origin`. */
function rewriteManifestOrigin(xml, origin) {
  const base = normalizeBase(origin);
  const newOrigin = new URL(base).origin;
  const out = String(xml)
    .split(`${DEV_ORIGIN}/`)
    .join(base)
    .split(DEV_ORIGIN)
    .join(newOrigin);
  const left = out.match(/https?:\/\/(localhost|127\.0\.0\.1)[^\s"<]*/);
  if (left) throw new Error(`manifest.xml still names ${left[0]} after rewriting to ${base}: give it the dev origin ${DEV_ORIGIN}`);
  return out;
}

module.exports = { DEV_ORIGIN, normalizeBase, rewriteManifestOrigin };
