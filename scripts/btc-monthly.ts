/**
 * Generates src/core/data/btc-monthly.ts from data/btc-monthly.csv (BTC-USD month-end closes), the
 * series the Monte Carlo bootstraps and takes its default volatility from. Reads only the repository.
 * Usage: npx tsx scripts/btc-monthly.ts   (test/core/btc-history.test.ts fails when the module is stale)
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
export const CSV = join(ROOT, 'data', 'btc-monthly.csv');
export const MODULE = join(ROOT, 'src', 'core', 'data', 'btc-monthly.ts');

/** The module's text for the CSV's text (month,close_date,close_usd). */
export function btcMonthlyModule(csv: string): string {
  const rows = csv.trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
  for (const [month, , close] of rows) {
    if (!/^\d{4}-\d{2}$/.test(month) || !(Number(close) > 0)) throw new Error(`data/btc-monthly.csv: bad row ${month},${close}`);
  }
  return [
    '/**',
    ' * GENERATED from data/btc-monthly.csv by scripts/btc-monthly.ts; do not edit (a test fails when stale).',
    ' * BTC-USD month-end closes, USD (last daily close of each UTC month, Coinbase), 2015-08 to 2025-08;',
    ' * source and method: data/README.md.',
    ' */',
    'export const BTC_MONTHLY_CLOSES: readonly (readonly [string, number])[] = [',
    ...rows.map(([month, , close]) => `  ['${month}', ${Number(close)}],`),
    '];',
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(MODULE, btcMonthlyModule(readFileSync(CSV, 'utf8')));
  console.log(`wrote ${MODULE}`);
}
