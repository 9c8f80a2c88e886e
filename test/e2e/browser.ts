/**
 * Debian's Chromium driven by playwright-core (no browser download). A missing browser is a failure
 * with the command that installs it, never a skipped test.
 */
import * as fs from 'fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.WATT_CHROMIUM || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI installs it), or set WATT_CHROMIUM to its path.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}
