#!/usr/bin/env node
// Entry of `npx watt`: runs the compiled CLI (build/ is made by `npm install` through the prepare script).
const path = require('path');
const fs = require('fs');
const compiled = path.join(__dirname, '..', 'build', 'src', 'cli', 'bin.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('watt: the command line is not built yet; run `npm install` (or `npm run build:cli`) in the Watt folder first.\n');
  process.exit(2);
}
require(compiled);
