/**
 * The add-in reaches exactly the data hosts and nothing else. Custom functions run in the shared runtime,
 * i.e. in taskpane.html, so its Content-Security-Policy connect-src is what allows (and limits) fetch.
 * The manifest's AppDomains are for navigation: the data hosts need none, so the manifest lists only the
 * add-in's own origin.
 */
import fs from 'fs';
import path from 'path';
import { DATA_HOSTS, DEFAULT_COINGECKO_URL, DEFAULT_MEMPOOL_URL } from '../../src/network';

const root = path.resolve(__dirname, '..', '..');
const html = fs.readFileSync(path.join(root, 'src', 'taskpane', 'taskpane.html'), 'utf8');
const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');

function csp(): Map<string, string[]> {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i);
  if (!meta) throw new Error('taskpane.html has no Content-Security-Policy meta');
  return new Map(
    meta[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

test('the data hosts are the origins of the default source URLs', () => {
  expect([...DATA_HOSTS]).toEqual(['https://mempool.space', 'https://api.coingecko.com']);
  expect(DEFAULT_MEMPOOL_URL.startsWith(DATA_HOSTS[0] + '/')).toBe(true);
  expect(DEFAULT_COINGECKO_URL.startsWith(DATA_HOSTS[1] + '/')).toBe(true);
});

test('CSP connect-src allows exactly the add-in itself and the data hosts', () => {
  expect(csp().get('connect-src')!.sort()).toEqual(["'self'", ...DATA_HOSTS].sort());
});

test('CSP: scripts only from the add-in and the Office CDN; nothing else falls back to another host', () => {
  const policy = csp();
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')!.sort()).toEqual(["'self'", 'https://appsforoffice.microsoft.com'].sort());
  // the office.js script tag is the one external script, and it is on the allowed CDN
  const external = [...html.matchAll(/<script[^>]+src="(https?:[^"]+)"/g)].map((m) => new URL(m[1]).origin);
  expect(external).toEqual(['https://appsforoffice.microsoft.com']);
  // no directive names any other external host
  const hosts = [...policy.values()].flat().filter((v) => /^https?:/.test(v));
  expect(new Set(hosts)).toEqual(new Set([...DATA_HOSTS, 'https://appsforoffice.microsoft.com']));
});

test('the manifest names no data host and no domain but the add-in origin', () => {
  const appDomains = [...manifest.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1]);
  expect(appDomains).toEqual(['https://localhost:3000']);
  // every https URL in the manifest (icons, pages, scripts) is on the add-in origin (schemas are http://)
  const urls = [...manifest.matchAll(/https:\/\/[^"<\s]+/g)].map((m) => m[0]);
  expect(urls.length).toBeGreaterThan(5);
  expect(new Set(urls.map((u) => new URL(u).origin))).toEqual(new Set(['https://localhost:3000']));
});
