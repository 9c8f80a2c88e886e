/**
 * `watt template export ID [--set NAME=VALUE ...] [--mode watt|native|values] -o FILE.xlsx [--json]`:
 * inserts a template into a fresh engine (inputs changed by --set), and writes it as an .xlsx file in
 * the mode chosen (see src/xlsx/modes.ts). --json prints what was written.
 */
import { EngineTemplateAdapter } from '../../engine/template-adapter';
import { findTemplate, insertTemplate, TEMPLATES } from '../../templates';
import { MODES, writeXlsx, XlsxMode } from '../../xlsx';
import { CommandContext, FileError, UsageError } from '../context';
import { writeFailureText, writeFileAtomic } from '../atomic-write';
import { parseSetting, takeSettings, withInputs } from '../settings';

/** Takes `--mode M`, `-o FILE` (or `--output FILE`) and `--json` out of the arguments. */
export function takeFileOptions(args: string[], defaultMode: XlsxMode): { mode: XlsxMode; output?: string; json: boolean; rest: string[] } {
  let mode = defaultMode;
  let output: string | undefined;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--mode' || a.startsWith('--mode=')) {
      const m = a === '--mode' ? args[++i] : a.slice('--mode='.length);
      if (!MODES.includes(m as XlsxMode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')} (got ${m === undefined ? 'nothing' : `"${m}"`})`);
      mode = m as XlsxMode;
    } else if (a === '-o' || a === '--output') {
      output = args[++i];
      if (!output) throw new UsageError(`${a} expects a file name`);
    } else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else rest.push(a);
  }
  return { mode, output, json, rest };
}

/** Refuses an output that is not an .xlsx file (misuse: nothing is read or written). */
export function checkXlsxOutput(output: string): void {
  if (!/\.xlsx$/i.test(output)) throw new UsageError(`the output must be an .xlsx file (got ${output})`);
}

/**
 * Writes bytes to a file atomically (atomic-write.ts: a temporary file in the same folder, flushed, then
 * renamed): on failure the file is as it was, no partial file is left, and the message names the file.
 */
export async function writeOutput(file: string, data: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (e) {
    throw new FileError(`cannot write ${file}: ${writeFailureText(e)} (nothing was written; any file already there is unchanged)`);
  }
}

export async function exportTemplate(args: string[]): Promise<{ summary: Record<string, unknown>; text: string }> {
  const { settings, rest: afterSets } = takeSettings(args);
  const { mode, output, rest } = takeFileOptions(afterSets, 'watt');
  const [id, ...extra] = rest;
  if (!id || extra.length > 0) throw new UsageError(`expected one template ID; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  const template = findTemplate(id);
  if (!template) throw new UsageError(`unknown template "${id}"; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  if (!output) throw new UsageError('-o FILE.xlsx is required');
  checkXlsxOutput(output);
  const adapter = new EngineTemplateAdapter();
  await insertTemplate(withInputs(template, settings.map((s) => parseSetting(template, s))), adapter);
  const { data, report } = await writeXlsx(adapter, { mode });
  await writeOutput(output, data);
  const summary = { template: template.id, file: output, bytes: data.length, set: Object.fromEntries(settings.map((s) => [s.slice(0, s.indexOf('=')).trim(), s.slice(s.indexOf('=') + 1)])), ...report };
  const cells = report.sheets.reduce((n, s) => n + s.cells, 0);
  const blocks = report.sheets.reduce((n, s) => n + s.nativeBlocks, 0);
  const text = [
    `${output}: template ${template.id}, mode ${mode}, ${report.sheets.length} sheet(s), ${cells} cells, ${report.names} names`,
    ...(blocks > 0 ? [`  ${blocks} table(s) written as native formula blocks; the inputs they read are checked on the sheet "${report.helperSheet}"`] : []),
    ...report.fallbacks.map((f) => `  ${f.sheet}!${f.ref} written as a value: ${f.reason}`),
    ...(report.guards ? [`  ${report.guards.cells} value cell(s) guarded: #N/A as soon as one of the ${report.guards.leaves} input(s) recorded on the hidden sheet "${report.guards.sheet}" changes`] : []),
  ].join('\n');
  return { summary, text };
}

/** The `template export` subcommand (dispatched from `watt template`). */
export async function runTemplateExport(args: string[], ctx: CommandContext): Promise<number> {
  const json = args.includes('--json');
  const { summary, text } = await exportTemplate(args);
  ctx.out(json ? JSON.stringify(summary) : text);
  return 0;
}
