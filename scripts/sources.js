// The custom-function declaration files, discovered from the tree (never typed twice): every .ts file
// directly in src/functions except index.ts. The webpack plugin, the metadata script and the tests read this.
const fs = require('fs');
const path = require('path');

const FUNCTIONS_DIR = path.join(__dirname, '..', 'src', 'functions');

function functionSources() {
  return fs
    .readdirSync(FUNCTIONS_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => path.join(FUNCTIONS_DIR, f));
}

module.exports = { functionSources, FUNCTIONS_DIR };
