/**
 * The help page's function reference comes from the registry (generated/functions.json) at build
 * time, through scripts/help-reference.js and the help.html template: every function, with every
 * argument, and nothing typed by hand.
 */
import * as fs from 'fs';
import * as path from 'path';
import registry from '../../generated/functions.json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderFunctionReference, readRegistry } = require('../../scripts/help-reference');

const ROOT = path.resolve(__dirname, '..', '..');
type Fn = { id: string; name: string; description: string; parameters: { name: string; description: string }[] };
const FNS = (registry as { functions: Fn[] }).functions;

test('the reference has a section for every registry function, with its signature and arguments', () => {
  const html: string = renderFunctionReference(readRegistry());
  expect(FNS.length).toBeGreaterThan(20);
  const sections = [...html.matchAll(/<section id="fn-[a-z0-9]+" data-function="([A-Z0-9.]+)">/g)].map((m) => m[1]);
  expect(sections).toEqual(FNS.map((f) => f.id));
  for (const f of FNS) {
    const section = html.slice(html.indexOf(`data-function="${f.id}"`), html.indexOf('</section>', html.indexOf(`data-function="${f.id}"`)));
    expect(section).toContain(`WATT.${f.name}(`);
    for (const p of f.parameters) expect(section).toContain(`<code>${p.name}</code>`);
  }
});

test('text is escaped', () => {
  const html: string = renderFunctionReference({ functions: [{ id: 'X', name: 'X', description: 'a < b & "c"', parameters: [] }] });
  expect(html).toContain('a &lt; b &amp; &quot;c&quot;');
});

test('help.html is a template filled by webpack with this reference', () => {
  expect(fs.readFileSync(path.join(ROOT, 'src', 'taskpane', 'help.html'), 'utf8')).toContain('<%= functionReference %>');
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../webpack.config.js')({}, { mode: 'production' });
    const addin = config.find((c: { name: string }) => c.name === 'addin');
    const pages = addin.plugins.filter((p: { constructor: { name: string } }) => p.constructor.name === 'HtmlWebpackPlugin');
    const help = pages.find((p: { userOptions: { filename: string } }) => p.userOptions.filename === 'help.html');
    expect(help.userOptions.templateParameters.functionReference).toBe(renderFunctionReference(readRegistry()));
    // and https://localhost:3000/ answers with the index page
    expect(pages.map((p: { userOptions: { filename: string } }) => p.userOptions.filename)).toContain('index.html');
  });
});
