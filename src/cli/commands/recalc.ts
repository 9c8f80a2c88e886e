/**
 * `watt recalc IN.xlsx [-o OUT.xlsx] [--mode watt|native|values] [--json]`: recalculates a workbook in
 * the engine with the WATT functions and writes it back with fresh cached values (to IN.xlsx itself
 * only when -o names it), in the mode chosen (default watt: formulas kept). A formula the engine cannot
 * evaluate or could not take (the reader's problems), and what depends on it, is listed by cell and left
 * as it was; a name it could not take is listed. Exit 3 then (the file is written, not all of it is
 * Watt's): 0 when every formula cell was recalculated (a link to another workbook aside).
 */
import * as fs from 'fs';
import { problemMessage, recalcXlsx } from '../../xlsx';
import { configureNetwork, optionsFromEnv } from '../../network';
import type { Command } from '../command';
import { FileError, UsageError } from '../context';
import { XlsxReadError } from '../../xlsx/limits';
import { checkXlsxOutput, takeFileOptions, writeOutput } from './export';

export const recalcCommand: Command = {
  summary: 'recalculate an .xlsx with the WATT functions, write fresh values (or another mode)',
  usage: 'recalc IN.xlsx [-o OUT.xlsx] [--mode watt|native|values] [--json]',
  async run(args, ctx) {
    const { mode, output, json, rest } = takeFileOptions(args, 'watt');
    const [input, ...extra] = rest;
    if (!input || extra.length > 0) throw new UsageError('expected one input file');
    if (output !== undefined) checkXlsxOutput(output);
    let bytes: Buffer;
    try {
      const stat = fs.statSync(input);
      if (stat.isDirectory()) throw new FileError(`cannot read ${input}: it is a folder, not an .xlsx file`);
      bytes = fs.readFileSync(input);
    } catch (e) {
      if (e instanceof FileError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : e instanceof Error ? e.message : String(e);
      throw new FileError(`cannot read ${input}: ${why}`);
    }
    configureNetwork(optionsFromEnv(ctx.env)); // WATT.NETWORK cells fetch as in `watt eval`
    let result;
    try {
      result = await recalcXlsx(bytes, { mode, file: input });
    } catch (e) {
      if (e instanceof XlsxReadError) throw new FileError(e.message);
      // Read, but not recalculated or written to bytes: said of the file, without a stack trace.
      const text = e instanceof Error ? e.message : String(e);
      if (/Invalid string length|Invalid array length|allocation failed|out of memory/i.test(text)) throw new FileError(`${input} was read but is too large for Watt to write back in memory; nothing was written.`);
      throw new FileError(`${input} could not be recalculated (${text}); nothing was written. Please report this with the file if you can.`);
    }
    const target = output ?? input.replace(/\.xlsx$/i, '') + '.recalc.xlsx';
    await writeOutput(target, result.data);
    const { report } = result;
    // 3: written, but some formula cells keep the file's value, not Watt's (see docs/cli.md).
    const code = report.problems.length > 0 || report.untouched.length > 0 ? 3 : 0;
    if (json) {
      ctx.out(JSON.stringify({ input, file: target, bytes: result.data.length, ...report }));
      return code;
    }
    ctx.out(`${target}: ${report.updated} of ${report.formulas} formula cells recalculated (${report.wattFormulas} with WATT functions), mode ${mode}`);
    if (report.nativeBlocks.length > 0) ctx.out(`  ${report.nativeBlocks.join(', ')}: written as native formula blocks; the inputs they read are checked on the sheet "${report.helperSheet}"`);
    for (const p of report.problems) ctx.out(`  ${problemMessage(p)}`);
    for (const u of report.untouched) ctx.out(`  ${u.sheet}!${u.ref} left as it was: ${u.formula} (${u.reason})`);
    for (const f of report.fallbacks) ctx.out(`  ${f.sheet}!${f.ref} written as a value: ${f.reason}`);
    for (const l of report.externalLinks) ctx.out(`  ${l.sheet}!${l.ref} links to another workbook ${l.link}: left as it was (${l.formula}), ${l.cached === undefined ? 'no cached value' : `cached value ${typeof l.cached === 'object' ? l.cached.error : l.cached} kept`}, not recalculated`);
    if (report.guards) ctx.out(`  ${report.guards.cells} value cell(s) guarded: #N/A as soon as one of the ${report.guards.leaves} input(s) recorded on the hidden sheet "${report.guards.sheet}" changes`);
    return code;
  },
};
