/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The manifest's development origin (https://localhost:3000) rewritten to where a production build is
 * hosted (WATT_ADDIN_ORIGIN). Used by webpack.config.js when it copies manifest.xml into dist/;
 * test/addin/manifest-origin.test.ts checks it on the real manifest.
 *
 * Every URL under the dev origin becomes the same path under the new base (which may carry a path,
 * e.g. https://cdn.example.com/watt/); a bare origin (AppDomain) becomes the new origin. An origin Excel
 * cannot reach from another machine (loopback, unspecified, private, link-local or reserved: localhost,
 * sub.localhost, 127.0.0.2, [::1], 0.0.0.0, 10.0.0.5, fe80::1 ...) is refused, and any such URL still in
 * the manifest afterwards fails the build rather than ship a manifest Excel cannot load.
 */
const DEV_ORIGIN = 'https://localhost:3000';

/** An IPv4 address (as the URL parser normalizes it: 0x7f.1 and 2130706433 become 127.0.0.1) Excel cannot reach, and why. */
function unroutableIPv4(a, b, c, d) {
  if (a === 127) return 'a loopback address';
  if (a === 0) return 'an unspecified address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'a reserved address';
  if ((a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'a documentation or benchmark address';
  if (a >= 224) return a === 255 && b === 255 && c === 255 && d === 255 ? 'the broadcast address' : 'a multicast or reserved address';
  return undefined;
}

/**
 * Why a host is one Excel (on the web, or on another machine) cannot load an add-in from: a loopback,
 * unspecified, private, link-local or reserved address or name. undefined: a host that may be public.
 */
function unroutableHost(hostname) {
  let h = String(hostname).toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return 'a loopback name';
  if (h.endsWith('.local')) return 'a link-local (mDNS) name';
  if (/^(.*\.)?(invalid|test)$/.test(h)) return 'a reserved name';
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) return unroutableIPv4(...v4.slice(1).map(Number));
  if (h.includes(':')) {
    // Expand the IPv6 address to 8 groups.
    const [head, tail = ''] = h.split('::');
    const parts = (x) => (x ? x.split(':') : []);
    const groups = [...parts(head), ...Array(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)].map((g) => parseInt(g, 16) || 0);
    if (groups.every((g) => g === 0)) return 'an unspecified address';
    if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'a loopback address';
    // IPv4-mapped (::ffff:127.0.0.1, as the URL parser writes it ::ffff:7f00:1) and IPv4-compatible.
    if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0)) {
      const why = unroutableIPv4(groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255);
      if (why) return why;
    }
    if ((groups[0] & 0xffc0) === 0xfe80) return 'a link-local address';
    if ((groups[0] & 0xfe00) === 0xfc00) return 'a private (unique local) address';
    if ((groups[0] & 0xff00) === 0xff00) return 'a multicast address';
    if (groups[0] === 0x2001 && groups[1] === 0x0db8) return 'a documentation address';
  }
  return undefined;
}

/** "https://host[:port]/path/" from WATT_ADDIN_ORIGIN; throws on anything but an https URL Excel can reach. */
function normalizeBase(origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`WATT_ADDIN_ORIGIN must be an https URL such as https://addin.example.com/ (got "${origin}")`);
  }
  if (url.protocol !== 'https:') throw new Error(`WATT_ADDIN_ORIGIN must use https, which Excel requires (got "${origin}")`);
  if (url.search || url.hash) throw new Error(`WATT_ADDIN_ORIGIN must not carry a query or fragment (got "${origin}")`);
  if (url.username || url.password) throw new Error(`WATT_ADDIN_ORIGIN must not carry a user name or password (got "${origin}")`);
  const why = unroutableHost(url.hostname);
  if (why) throw new Error(`WATT_ADDIN_ORIGIN must be a host Excel can reach from other machines; ${url.hostname} is ${why} (got "${origin}")`);
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
  for (const m of out.matchAll(/https?:\/\/[^\s"<]+/g)) {
    let host;
    try {
      host = new URL(m[0].replace(/&amp;/g, '&')).hostname;
    } catch {
      continue;
    }
    if (unroutableHost(host)) throw new Error(`manifest.xml still names ${m[0]} after rewriting to ${base}: give it the dev origin ${DEV_ORIGIN}`);
  }
  return out;
}

module.exports = { DEV_ORIGIN, normalizeBase, rewriteManifestOrigin, unroutableHost };
