/**
 * `watt recalc IN.xlsx [-o OUT.xlsx] [--mode watt|native|values] [--json]`: recalculates a workbook in
 * the engine with the WATT functions and writes it back with fresh cached values (to IN.xlsx itself
 * only when -o names it), in the mode chosen (default watt: formulas kept). A formula the engine cannot
 * evaluate is listed by cell and left as it was.
 */
import * as fs from 'fs';
import { recalcXlsx } from '../../xlsx';
import { configureNetwork, optionsFromEnv } from '../../network';
import type { Command } from '../main';
import { UsageError } from '../context';
import { takeFileOptions, writeOutput } from './export';

export const recalcCommand: Command = {
  summary: 'recalculate an .xlsx with the WATT functions, write fresh values (or another mode)',
  usage: 'recalc IN.xlsx [-o OUT.xlsx] [--mode watt|native|values] [--json]',
  async run(args, ctx) {
    const { mode, output, json, rest } = takeFileOptions(args, 'watt');
    const [input, ...extra] = rest;
    if (!input || extra.length > 0) throw new UsageError('expected one input file');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(input);
    } catch (e) {
      throw new UsageError(`cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`);
    }
    configureNetwork(optionsFromEnv(ctx.env)); // WATT.NETWORK cells fetch as in `watt eval`
    let result;
    try {
      result = await recalcXlsx(bytes, { mode });
    } catch (e) {
      throw new UsageError(`${input} is not a workbook Watt can read (${e instanceof Error ? e.message : String(e)})`);
    }
    const target = output ?? input.replace(/\.xlsx$/i, '') + '.recalc.xlsx';
    writeOutput(target, result.data);
    const { report } = result;
    if (json) {
      ctx.out(JSON.stringify({ input, file: target, bytes: result.data.length, ...report }));
      return 0;
    }
    ctx.out(`${target}: ${report.updated} of ${report.formulas} formula cells recalculated (${report.wattFormulas} with WATT functions), mode ${mode}`);
    if (report.nativeBlocks.length > 0) ctx.out(`  ${report.nativeBlocks.join(', ')}: written as native formula blocks; the inputs they read are checked on the sheet "${report.helperSheet}"`);
    for (const u of report.untouched) ctx.out(`  ${u.sheet}!${u.ref} left as it was: ${u.formula} (${u.reason})`);
    for (const f of report.fallbacks) ctx.out(`  ${f.sheet}!${f.ref} written as a value: ${f.reason}`);
    if (report.guards) ctx.out(`  ${report.guards.cells} value cell(s) guarded: #N/A as soon as one of the ${report.guards.leaves} input(s) recorded on the hidden sheet "${report.guards.sheet}" changes`);
    return 0;
  },
};
