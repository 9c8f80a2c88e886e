/**
 * A Content-Security-Policy on every page Watt serves (issue 16 §4): the task pane states its own (in
 * its template, test/network/csp.test.ts); the workbench, the help and the index page carry PAGE_CSP
 * (scripts/csp.js) in dev and production builds alike (the webpack config is the same for both); and
 * the dev server sends a policy on every response, no `Access-Control-Allow-Origin: *`, no folder
 * listing. The dev server is started for real here (on plain http, with a one-line bundle).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as http from 'http';
import * as net from 'net';
import { DATA_HOSTS } from '../../src/network';

/* eslint-disable @typescript-eslint/no-require-imports */
const { PAGE_CSP, DEV_SERVER_CSP } = require('../../scripts/csp');
const { devServerOptions } = require('../../scripts/start');
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, '..', '..');
const TASKPANE_CSP = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(fs.readFileSync(path.join(ROOT, 'src', 'taskpane', 'taskpane.html'), 'utf8'))![1];

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values.sort()]));

test('PAGE_CSP: scripts from the page itself only (no inline script, no eval), data from the two sources, no plugins, no foreign base or form target', () => {
  const p = directives(PAGE_CSP);
  expect(p.get('default-src')).toEqual(["'self'"]);
  expect(p.get('script-src')).toEqual(["'self'"]);
  expect(p.get('connect-src')).toEqual(["'self'", ...DATA_HOSTS].sort());
  expect(p.get('object-src')).toEqual(["'none'"]);
  expect(p.get('base-uri')).toEqual(["'self'"]);
  expect(p.get('form-action')).toEqual(["'self'"]);
});

test('the dev server\'s header policy allows exactly what the task pane\'s and the pages\' policies allow together', () => {
  const dev = directives(DEV_SERVER_CSP);
  const pane = directives(TASKPANE_CSP);
  const page = directives(PAGE_CSP);
  expect([...dev.keys()].sort()).toEqual([...new Set([...pane.keys(), ...page.keys()])].sort());
  for (const [name, values] of dev) expect([name, values]).toEqual([name, [...new Set([...(pane.get(name) ?? []), ...(page.get(name) ?? [])])].sort()]);
  expect(dev.get('script-src')).toEqual(["'self'", 'https://appsforoffice.microsoft.com'].sort());
  expect(pane.get('object-src')).toEqual(["'none'"]);
});

test('webpack (development and production): every page but the task pane carries PAGE_CSP as a meta', () => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../webpack.config.js');
    for (const mode of ['development', 'production']) {
      const pages = config({}, { mode })
        .flatMap((c: { plugins: { constructor: { name: string }; userOptions: { filename: string; meta?: Record<string, Record<string, string>> } }[] }) => c.plugins)
        .filter((p: { constructor: { name: string } }) => p.constructor.name === 'HtmlWebpackPlugin')
        .map((p: { userOptions: { filename: string; meta?: Record<string, Record<string, string>> } }) => [p.userOptions.filename, p.userOptions.meta?.csp?.content]);
      expect(pages.sort()).toEqual([['help.html', PAGE_CSP], ['index.html', PAGE_CSP], ['taskpane.html', undefined], ['workbench.html', PAGE_CSP]]);
    }
  });
});

test('dist/ (npm run build): every page holds a Content-Security-Policy meta', () => {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'workbench.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const pages = fs.readdirSync(dist).filter((f) => f.endsWith('.html'));
  expect(pages.sort()).toEqual(['help.html', 'index.html', 'taskpane.html', 'workbench.html']);
  for (const page of pages) {
    // (a production build writes the attribute without quotes)
    const meta = /<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(fs.readFileSync(path.join(dist, page), 'utf8'));
    expect([page, meta?.[1]]).toEqual([page, page === 'taskpane.html' ? TASKPANE_CSP : PAGE_CSP]);
  }
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const get = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });

test('the dev server: a policy on every response, no Access-Control-Allow-Origin, no folder listing', async () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const webpack = require('webpack');
  const WebpackDevServer = require('webpack-dev-server');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-devserver-'));
  fs.writeFileSync(path.join(src, 'entry.js'), 'document.title = "x";\n');
  const compiler = webpack({ mode: 'development', devtool: false, context: src, entry: './entry.js', output: { path: path.join(src, 'out'), filename: 'page.js' }, infrastructureLogging: { level: 'error' } });
  const port = await freePort();
  const options = devServerOptions(port, { type: 'http' });
  const server = new WebpackDevServer({ ...options, host: '127.0.0.1', devMiddleware: { stats: 'none' } }, compiler);
  await server.start();
  try {
    const base = `http://127.0.0.1:${port}`;
    const asset = await get(`${base}/assets/icon-32.png`, { Origin: 'https://evil.example' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-security-policy']).toBe(DEV_SERVER_CSP);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['access-control-allow-origin']).toBeUndefined();
    const bundle = await get(`${base}/page.js`, { Origin: 'https://evil.example' });
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-security-policy']).toBe(DEV_SERVER_CSP);
    expect(bundle.headers['access-control-allow-origin']).toBeUndefined();
    const listing = await get(`${base}/assets/`);
    expect(listing.status).toBe(404);
    expect(listing.body).not.toMatch(/icon-32\.png/);
    const bare = await get(`${base}/assets`); // a redirect to /assets/ at most
    expect(bare.status).not.toBe(200);
    expect(bare.body).not.toMatch(/icon-32\.png/);
  } finally {
    await server.stop();
    fs.rmSync(src, { recursive: true, force: true });
  }
}, 60_000);
