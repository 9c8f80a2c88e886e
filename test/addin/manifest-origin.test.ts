/**
 * WATT_ADDIN_ORIGIN: the transform webpack applies to manifest.xml for a production build
 * (scripts/manifest-origin.js), run here on the real manifest without a webpack build.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseStringPromise } from 'xml2js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rewriteManifestOrigin } = require('../../scripts/manifest-origin');

const MANIFEST = fs.readFileSync(path.resolve(__dirname, '..', '..', 'manifest.xml'), 'utf8');

/** Every URL-like string in attributes and text of the manifest (comments excluded). */
async function urls(xml: string): Promise<string[]> {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      // https only: the xmlns schema names are http:// identifiers, not locations
      if (/^https:/.test(node.trim())) found.push(node.trim());
      return;
    }
    if (node && typeof node === 'object') for (const v of Object.values(node)) (Array.isArray(v) ? v : [v]).forEach(visit);
  };
  visit(await parseStringPromise(xml));
  return found;
}

test('the development manifest names localhost in its AppDomain and its URLs', async () => {
  const all = await urls(MANIFEST);
  expect(all).toContain('https://localhost:3000');
  expect(all.filter((u) => u.startsWith('https://localhost:3000/')).length).toBeGreaterThan(5);
});

test('every localhost URL, AppDomain included, points at WATT_ADDIN_ORIGIN', async () => {
  const out = rewriteManifestOrigin(MANIFEST, 'https://addin.example.com/');
  expect(out).not.toMatch(/localhost/);
  const all = await urls(out);
  expect(all).toContain('https://addin.example.com');
  expect(all).toContain('https://addin.example.com/taskpane.html');
  expect(all).toContain('https://addin.example.com/functions.json');
  expect(all.every((u) => u.startsWith('https://addin.example.com'))).toBe(true);
  const doc = await parseStringPromise(out);
  expect(doc.OfficeApp.AppDomains[0].AppDomain).toEqual(['https://addin.example.com']);
});

test('an origin with a path or without the trailing slash: URLs under the path, AppDomain the bare origin', async () => {
  for (const origin of ['https://cdn.example.com:8443/watt', 'https://cdn.example.com:8443/watt/']) {
    const out = rewriteManifestOrigin(MANIFEST, origin);
    const all = await urls(out);
    expect(all).toContain('https://cdn.example.com:8443/watt/taskpane.html');
    expect(all).toContain('https://cdn.example.com:8443');
    expect(out).not.toMatch(/localhost|\/\/taskpane|watt\/\/|watttaskpane/);
  }
});

test('an origin Excel cannot use fails the build with a clear message', () => {
  expect(() => rewriteManifestOrigin(MANIFEST, 'http://addin.example.com/')).toThrow('WATT_ADDIN_ORIGIN must use https');
  expect(() => rewriteManifestOrigin(MANIFEST, 'addin.example.com')).toThrow('WATT_ADDIN_ORIGIN must be an https URL');
  expect(() => rewriteManifestOrigin('<a href="http://localhost:8080/x"/>', 'https://addin.example.com/')).toThrow('still names http://localhost:8080/x');
});

test('webpack applies this transform to the manifest it copies (production with WATT_ADDIN_ORIGIN only)', () => {
  const prev = process.env.WATT_ADDIN_ORIGIN;
  process.env.WATT_ADDIN_ORIGIN = 'https://addin.example.com/';
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const config = require('../../webpack.config.js');
      const transformOf = (mode: string) => {
        const addin = config({}, { mode }).find((c: { name: string }) => c.name === 'addin');
        const copy = addin.plugins.find((p: { constructor: { name: string } }) => p.constructor.name === 'CopyPlugin');
        return copy.patterns.find((p: { from: string }) => p.from === 'manifest.xml').transform as (c: Buffer) => string | Buffer;
      };
      expect(String(transformOf('production')(Buffer.from(MANIFEST)))).toBe(rewriteManifestOrigin(MANIFEST, 'https://addin.example.com/'));
      expect(String(transformOf('development')(Buffer.from(MANIFEST)))).toBe(MANIFEST);
    });
  } finally {
    if (prev === undefined) delete process.env.WATT_ADDIN_ORIGIN;
    else process.env.WATT_ADDIN_ORIGIN = prev;
  }
});

// Issue 16 §4: https://[::1]/, 127.0.0.2, sub.localhost and 0.0.0.0 passed; every loopback or unroutable
// origin (in any spelling the URL parser accepts) is refused, with the reason.
test.each([
  ['https://localhost/', 'localhost is a loopback name'],
  ['https://LOCALHOST.:3000/', 'localhost. is a loopback name'],
  ['https://sub.localhost/', 'sub.localhost is a loopback name'],
  ['https://127.0.0.2/', '127.0.0.2 is a loopback address'],
  ['https://0x7f.1/', '127.0.0.1 is a loopback address'], // hexadecimal, as browsers read it
  ['https://2130706433/', '127.0.0.1 is a loopback address'], // one 32-bit number
  ['https://[::1]/', '[::1] is a loopback address'],
  ['https://[0:0:0:0:0:0:0:1]/', '[::1] is a loopback address'],
  ['https://[::ffff:127.0.0.1]/', '[::ffff:7f00:1] is a loopback address'],
  ['https://0.0.0.0/', '0.0.0.0 is an unspecified address'],
  ['https://[::]/', '[::] is an unspecified address'],
  ['https://10.0.0.5/', '10.0.0.5 is a private address'],
  ['https://192.168.1.10/', '192.168.1.10 is a private address'],
  ['https://172.20.0.1/', '172.20.0.1 is a private address'],
  ['https://169.254.169.254/', '169.254.169.254 is a link-local address'],
  ['https://[fe80::1]/', '[fe80::1] is a link-local address'],
  ['https://[fd00::1]/', '[fd00::1] is a private (unique local) address'],
  ['https://printer.local/', 'printer.local is a link-local (mDNS) name'],
  ['https://255.255.255.255/', '255.255.255.255 is the broadcast address'],
])('%s is refused: %s', (origin, why) => {
  expect(() => rewriteManifestOrigin(MANIFEST, origin)).toThrow(`WATT_ADDIN_ORIGIN must be a host Excel can reach from other machines; ${why}`);
});

test.each(['https://addin.example.com/', 'https://1.1.1.1/watt/', 'https://[2606:4700::1111]/', 'https://172.32.0.1/', 'https://intranet.corp.example/'])('%s is accepted', (origin) => {
  expect(rewriteManifestOrigin(MANIFEST, origin)).not.toMatch(/localhost/);
});

test('a loopback URL left in the manifest after rewriting fails the build, in any spelling', () => {
  for (const left of ['https://[::1]:3000/x', 'https://127.0.0.2/x', 'https://sub.localhost/x', 'https://0.0.0.0/x']) {
    expect(() => rewriteManifestOrigin(`<a href="${left}"/>`, 'https://addin.example.com/')).toThrow(`still names ${left}`);
  }
});
