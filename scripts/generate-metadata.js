#!/usr/bin/env node
// Writes generated/functions.json, the registry of WATT functions, from the JSDoc in src/functions.
// It is the same metadata the webpack plugin puts in dist/ for Excel. Fails (exit 1) on any JSDoc
// error, unlike the custom-functions-metadata CLI, which exits 0.
const fs = require('fs');
const path = require('path');
const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
const { functionSources } = require('./sources');

async function main() {
  const result = await generateCustomFunctionsMetadata(functionSources(), false);
  if (result.errors.length > 0) {
    for (const e of result.errors) console.error(`custom-functions-metadata: ${e}`);
    process.exit(1);
  }
  const out = path.join(__dirname, '..', 'generated', 'functions.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const json = JSON.stringify(JSON.parse(result.metadataJson), null, 2) + '\n';
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== json) fs.writeFileSync(out, json);
  const count = JSON.parse(json).functions.length;
  if (!process.argv.includes('--quiet')) console.log(`generated/functions.json: ${count} functions`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
