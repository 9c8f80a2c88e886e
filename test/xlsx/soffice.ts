/**
 * LibreOffice Calc, headless, as an independent spreadsheet application: converts .xlsx files to .xlsx
 * (opening, optionally recalculating, and saving each), all files in one run (it takes seconds to
 * start). Each run gets a fresh profile whose registrymodifications.xcu sets OOXMLRecalcMode: 0 =
 * always recalculate on load, 1 = never (cached values kept). Throws, never skips, when soffice is
 * missing: `.ci/run` installs libreoffice-calc-nogui.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function sofficePath(): string {
  const found = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('LibreOffice is not installed (no soffice on PATH): apt-get install -y libreoffice-calc-nogui');
  return found;
}

const xcu = (recalcMode: 0 | 1) => `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${recalcMode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>${recalcMode}</value></prop></item>
</oor:items>
`;

/**
 * Opens each file in LibreOffice (recalculating or not) and saves it as .xlsx (or prints it to PDF with
 * its page setup: `to: 'pdf'`) in `outDir`; returns the paths written.
 */
export function convertWithLibreOffice(files: string[], outDir: string, options: { recalculate: boolean; to?: 'xlsx' | 'pdf' }): string[] {
  const to = options.to ?? 'xlsx';
  const soffice = sofficePath();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-lo-profile-'));
  try {
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), xcu(options.recalculate ? 0 : 1));
    fs.mkdirSync(outDir, { recursive: true });
    execFileSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...files], {
      stdio: 'pipe',
      timeout: 240_000,
      env: { ...process.env, HOME: profile },
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.${to}`));
  const missing = out.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) throw new Error(`LibreOffice did not write ${missing.join(', ')}`);
  return out;
}
