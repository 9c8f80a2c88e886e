/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The function reference of the add-in's help page (dist/help.html), rendered at build time from the
 * registry, generated/functions.json: never a second hand-written list. webpack.config.js passes it
 * to the help.html template; test/taskpane/help.test.ts checks every registry function appears.
 */
const fs = require('fs');
const path = require('path');

const REGISTRY = path.join(__dirname, '..', 'generated', 'functions.json');
const NAMESPACE = 'WATT';

const escape = (text) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** The registry as written by scripts/generate-metadata.js (npm run build:cli). */
function readRegistry(file = REGISTRY) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:cli\` (npm install and npm run build do)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** HTML: a table of contents, then per function its signature, description and arguments. */
function renderFunctionReference(registry) {
  const fns = registry.functions;
  const signature = (f) => `${NAMESPACE}.${f.name}(${f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
  const anchor = (f) => `fn-${f.name.toLowerCase()}`;
  const out = [];
  out.push(`<p>${fns.length} functions, from the registry the add-in is built with.</p>`);
  out.push('<ul class="toc">');
  for (const f of fns) out.push(`  <li><a href="#${anchor(f)}"><code>${NAMESPACE}.${escape(f.name)}</code></a></li>`);
  out.push('</ul>');
  for (const f of fns) {
    out.push(`<section id="${anchor(f)}" data-function="${escape(f.id)}">`);
    out.push(`  <h3><code>${escape(signature(f))}</code></h3>`);
    out.push(`  <p>${escape(f.description)}</p>`);
    if (f.result && f.result.dimensionality === 'matrix') out.push('  <p><em>Returns a table that spills from the cell.</em></p>');
    if (f.parameters.length > 0) {
      out.push('  <table><thead><tr><th>Argument</th><th>Meaning, unit, range, default</th></tr></thead><tbody>');
      for (const p of f.parameters) out.push(`    <tr><td><code>${escape(p.name)}</code>${p.optional ? ' (optional)' : ''}</td><td>${escape(p.description)}</td></tr>`);
      out.push('  </tbody></table>');
    }
    out.push('</section>');
  }
  return out.join('\n');
}

module.exports = { readRegistry, renderFunctionReference, REGISTRY };
