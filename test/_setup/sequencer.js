/**
 * The order jest starts suites in: the longest first, so that with one worker per core no long suite
 * starts last and runs alone while the other core idles.
 *
 * Jest does this itself from the timings of the previous run (kept in its cache directory), but on a
 * clean clone (CI) it has none and falls back on file size, which puts the browser suites, short files
 * that run for a minute, at the very end. Here a suite without a timing of its own takes, in order:
 *  - its time in ESTIMATES below (seconds, from a profile of `npx jest --json`; only the order matters);
 *  - for a suite not listed (a new one): 60 s when it drives Chromium (useWorkbench, launchChromium),
 *    40 s when it runs LibreOffice (convertWithLibreOffice, soffice), else 1 s per kilobyte of source.
 * Failed suites still go first, as in jest's own order.
 */
const fs = require('fs');
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds per suite, `npx jest --json` on two cores (2026-12-05); refresh when the order drifts far. */
const ESTIMATES = {
  'test/e2e/workbench.test.ts': 81.6,
  'test/e2e/presentation.test.ts': 53.3,
  'test/xlsx/cli.test.ts': 49.8,
  'test/network/cli.test.ts': 8.3, // 37.5 while it built build/ again
  'test/templates/audit.test.ts': 35.5,
  'test/workbench/session.test.ts': 35.4,
  'test/xlsx/projection-native.test.ts': 32.9,
  'test/templates/risk.test.ts': 31.5,
  'test/xlsx/libreoffice.test.ts': 31,
  'test/share/plan.test.ts': 25.5,
  'test/templates/valuation.test.ts': 25,
  'test/e2e/charts.test.ts': 20.8,
  'test/xlsx/write.test.ts': 17.8,
  'test/core/simulate.test.ts': 14.2,
  'test/templates/registry.test.ts': 14,
  'test/cli/cli.test.ts': 12,
  'test/core/assumptions.test.ts': 11.8,
  'test/xlsx/native.test.ts': 11.6,
  'test/functions/safety.test.ts': 11.1,
  'test/templates/choices.test.ts': 8.8,
  'test/templates/projection.test.ts': 8.2,
  'test/core/paths.test.ts': 8,
  'test/templates/three-paths.test.ts': 7.3,
  'test/e2e/workbook.test.ts': 7,
  'test/workbench/xlsx-io.test.ts': 6.1,
  'test/functions/conversion.test.ts': 5.9,
  'test/network/engine.test.ts': 5.3,
  'test/templates/cli.test.ts': 5.1,
};

const BROWSER = /\buseWorkbench\(|\blaunchChromium\(/;
const LIBREOFFICE = /\bconvertWithLibreOffice\(|\bsoffice\b/;

/** Milliseconds a suite is expected to take when jest has no timing of it. */
function estimate(test) {
  const rel = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
  if (ESTIMATES[rel] !== undefined) return ESTIMATES[rel] * 1000;
  let text = '';
  try {
    text = fs.readFileSync(test.path, 'utf8');
  } catch {
    return 0;
  }
  if (BROWSER.test(text)) return 60_000;
  if (LIBREOFFICE.test(text)) return 40_000;
  return text.length; // 1 s per kilobyte
}

class LongestFirst extends Sequencer {
  time(test) {
    return super.time(test) ?? estimate(test);
  }
}

module.exports = LongestFirst;
