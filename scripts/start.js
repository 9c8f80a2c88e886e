#!/usr/bin/env node
// `npm start`: builds the add-in in development mode and serves it at https://localhost:3000 (the
// URLs of manifest.xml), then says how to sideload it. Certificates: Office's trusted dev certificate
// (office-addin-dev-certs) where it can be installed; otherwise a self-signed one, which a browser
// must be told to accept once.
const webpack = require('webpack');
const WebpackDevServer = require('webpack-dev-server');
const path = require('path');

const { DEV_SERVER_CSP } = require('./csp');

const PORT = Number(process.env.WATT_PORT || 3000);

async function httpsOptions() {
  if (process.env.WATT_SELF_SIGNED) return { type: 'https' };
  try {
    const devCerts = require('office-addin-dev-certs');
    const options = await Promise.race([
      devCerts.getHttpsServerOptions(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 20000)),
    ]);
    return { type: 'https', options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (e) {
    console.log(`(Office's dev certificate could not be installed here: ${String(e.message || e).split('\n')[0]}.`);
    console.log(' Serving with a self-signed certificate instead; open https://localhost:' + PORT + '/ once and accept it:');
    console.log(' that page then links the workbench, the task pane and the help.)');
    return { type: 'https' };
  }
}

/**
 * The dev server's options: every response carries the Content-Security-Policy (scripts/csp.js) and
 * nosniff; no `Access-Control-Allow-Origin` (nothing else may read what it serves; Excel loads the
 * pages themselves, which CORS does not govern); no folder listings; no reload client.
 */
function devServerOptions(port, server) {
  return {
    port,
    host: 'localhost',
    server,
    headers: { 'Content-Security-Policy': DEV_SERVER_CSP, 'X-Content-Type-Options': 'nosniff' },
    static: { directory: path.join(__dirname, '..', 'assets'), publicPath: '/assets', serveIndex: false, watch: false },
    client: false,
    webSocketServer: false,
    hot: false,
    liveReload: false,
  };
}

async function main() {
  // The registry first: the help page's function reference is rendered from it (scripts/help-reference.js).
  require('child_process').execFileSync(process.execPath, [path.join(__dirname, 'generate-metadata.js'), '--quiet'], { stdio: 'inherit' });
  const configs = require('../webpack.config.js')({}, { mode: 'development' });
  const compiler = webpack(configs);
  const server = new WebpackDevServer(devServerOptions(PORT, await httpsOptions()), compiler);
  await server.start();
  const base = `https://localhost:${PORT}`;
  const pages = (compiler.compilers || [compiler]).flatMap((c) =>
    (c.options.plugins || []).filter((p) => p.constructor && p.constructor.name === 'HtmlWebpackPlugin').map((p) => p.userOptions.filename),
  );
  console.log('');
  console.log(`Watt is served at ${base}/ (a page linking the workbench, the task pane and the help)`);
  for (const page of pages) console.log(`  ${base}/${page}`);
  if (pages.includes('workbench.html')) console.log(`\nNo Excel here? Open ${base}/workbench.html: the task pane beside a live grid that runs the WATT functions.`);
  console.log('\nSideload into Excel:');
  console.log('  Excel on the web: Home > Add-ins > More add-ins > My add-ins > Upload my add-in > choose manifest.xml.');
  console.log('  Excel desktop (Windows/Mac): `npx office-addin-debugging start manifest.xml desktop`, or put manifest.xml in a');
  console.log('  shared-folder catalog (Trust Center > Trusted Add-in Catalogs) and insert it from Add-ins > Shared Folder.');
  console.log('\nPress Ctrl+C to stop.');
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { devServerOptions };
