#!/usr/bin/env node
// Writes the function reference, docs/functions.md (between the GENERATED markers), from the registry,
// generated/functions.json, plus each declaration's @example, evaluated in the engine so the page
// shows what the example returns. `node scripts/docs.js --check` fails when the page is stale.
// Needs the compiled CLI (npm install / npm run build:cli).
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { functionSources } = require('./sources');

const ROOT = path.join(__dirname, '..');
const PAGE = path.join(ROOT, 'docs', 'functions.md');
const BEGIN = '<!-- GENERATED: function reference (npm run docs); edit the JSDoc in src/functions, not this -->';
const END = '<!-- END GENERATED: function reference -->';

/** @example tags by function id, read from the JSDoc with the TypeScript parser. */
function examples() {
  const out = {};
  for (const file of functionSources()) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isFunctionDeclaration(statement)) continue;
      const tags = ts.getJSDocTags(statement);
      const id = tags.find((t) => t.tagName.text === 'customfunction');
      const example = tags.filter((t) => t.tagName.text === 'example');
      const name = (typeof id?.comment === 'string' ? id.comment.trim().split(/\s+/)[0] : '') || statement.name.text.toUpperCase();
      out[name] = example.map((t) => (typeof t.comment === 'string' ? t.comment : ts.getTextOfJSDocComment(t.comment)).trim());
    }
  }
  return out;
}

function render() {
  const { FUNCTIONS, NAMESPACE } = require(path.join(ROOT, 'build', 'src', 'engine', 'engine.js'));
  const { Evaluator } = require(path.join(ROOT, 'build', 'src', 'engine', 'evaluate.js'));
  // Live-data examples (WATT.NETWORK...) are not fetched: the page shows no number of a given day.
  const { configureNetwork } = require(path.join(ROOT, 'build', 'src', 'network', 'index.js'));
  configureNetwork({ fetch: () => Promise.reject(new Error('no network while writing docs')) });
  const ev = new Evaluator();
  const ex = examples();
  const lines = [BEGIN, ''];
  lines.push('| Function | Returns |', '|---|---|');
  for (const f of FUNCTIONS) lines.push(`| [\`${NAMESPACE}.${f.name}\`](#watt${f.name.toLowerCase()}) | ${(f.result && f.result.dimensionality === 'matrix') ? 'a spilled table' : (f.description || '').split('. ')[0].replace(/\|/g, '\\|')} |`);
  lines.push('');
  for (const f of FUNCTIONS) {
    const params = f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
    lines.push(`### ${NAMESPACE}.${f.name}`, '', `\`${NAMESPACE}.${f.name}(${params})\``, '', (f.description || '').replace(/\|/g, '\\|'), '');
    if (f.parameters.length) {
      lines.push('| Argument | Meaning, unit, range, default |', '|---|---|');
      for (const p of f.parameters) lines.push(`| \`${p.name}\`${p.optional ? ' (optional)' : ''} | ${(p.description || '').replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    for (const e of ex[f.id] || []) {
      const o = ev.evaluate(e);
      let shown;
      if ('error' in o && o.error === '#N/A' && /^fetching /.test(o.message)) shown = 'live data, fetched when the cell calculates';
      else if ('error' in o) shown = `${o.error} ${o.message}`;
      else if (Array.isArray(o.value)) shown = `a ${o.value.length} x ${o.value[0].length} table`;
      else shown = typeof o.value === 'number' ? String(Number(o.value.toPrecision(10))) : JSON.stringify(o.value);
      lines.push(`Example: \`${e}\` → \`${shown}\``, '');
    }
  }
  lines.push(END);
  return lines.join('\n');
}

function main() {
  const page = fs.readFileSync(PAGE, 'utf8');
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < 0) throw new Error('docs/functions.md lacks the GENERATED markers');
  const next = page.slice(0, start) + render() + page.slice(end + END.length);
  if (process.argv.includes('--check')) {
    if (next !== page) {
      console.error('docs/functions.md is stale: run `npm run docs`');
      process.exit(1);
    }
    console.log('docs/functions.md is up to date');
    return;
  }
  fs.writeFileSync(PAGE, next);
  console.log('docs/functions.md written');
}

main();
