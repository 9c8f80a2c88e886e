/**
 * `watt template list [--json]`: the templates (id, title, description, as-of).
 * `watt template show ID [--json] [--set NAME=VALUE ...]`: inserts the template into a fresh engine,
 * with any input changed by its defined name (the sheet-scoped name of its input cell), recalculates,
 * and prints every sheet's computed values.
 *   - text: one line per row, tab-separated, each value shown as the sheet shows it (the cell's
 *     number format: dates as dates, percentages as %, $M scales; Excel's rendering, src/workbench/numfmt.ts);
 *     an error as "#VALUE! message".
 *   - --json: {"id", "sheets": [{"name", "values": [[...]]}]}, raw values, errors as
 *     {"error": "#VALUE!", "message": "..."} (unchanged by the text view's formatting).
 * A --set value is read as the input's kind: a number ("150", "100000", "5%", "$1,200", "(3)"), a date
 * for a date-formatted input (Excel en-US: 2026-07-01, 7/1/2026, Jul 1, 2026, 1-Jul-2026, or a serial),
 * text for an input that holds text (a choice). An unknown name or a value that does not read exits 2
 * with the input names. A value that reads but is outside what the model accepts (months=700) is
 * recalculated: the sheet shows the Excel error with its message, as Excel would.
 */
import { EngineTemplateAdapter } from '../../engine/template-adapter';
import { plainCell, Scalar, CellErrorValue } from '../../engine/evaluate';
import { findTemplate, insertTemplate, TEMPLATES } from '../../templates';
import { cellRef } from '../../templates/plan';
import { formatGeneral, formatValue } from '../../workbench/numfmt';
import type { Command } from '../command';
import { parseFlags, UsageError } from '../context';
import { parseSetting, takeSettings, withInputs } from '../settings';
import { runTemplateExport } from './export';

export interface ComputedSheet {
  name: string;
  values: (Scalar | CellErrorValue)[][];
  /** Number format of each cell, by A1 ref (from the template; for the text view). */
  formats?: Map<string, string>;
}

/**
 * Inserts a template (inputs changed by `--set NAME=VALUE` strings) into a fresh engine and returns
 * every sheet's computed values (trailing empties trimmed) and number formats. The inputs are set
 * before the formulas are entered, so a spilled table takes the size its inputs give.
 */
export async function computeTemplate(id: string, settings: string[] = []): Promise<{ id: string; sheets: ComputedSheet[] }> {
  const found = findTemplate(id);
  if (!found) throw new UsageError(`unknown template "${id}"; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  const template = withInputs(found, settings.map((s) => parseSetting(found, s)));
  const adapter = new EngineTemplateAdapter();
  const plan = await insertTemplate(template, adapter);
  const sheets = plan.sheets.map((sheet) => {
    const values = adapter.hf.getSheetValues(adapter.hf.getSheetId(sheet.name)!).map((row) => {
      const cells = row.map(plainCell);
      while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
      return cells;
    });
    const formats = new Map<string, string>();
    for (const [ref, f] of adapter.formats.get(sheet.name) ?? []) if (f.format) formats.set(ref, f.format);
    return { name: sheet.name, values, formats };
  });
  return { id: template.id, sheets };
}

/** A cell as the sheet shows it: its number format applied; an error as "#CODE message". */
export function cellText(cell: Scalar | CellErrorValue, format?: string): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return `${cell.error} ${cell.message}`.trim();
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '#NUM!';
    return format ? formatValue(cell, format) : formatGeneral(cell);
  }
  return formatValue(cell, format);
}

export const templateCommand: Command = {
  summary: 'list the templates, or show one recalculated in the engine (inputs changed with --set)',
  usage: 'template list|show [ID] [--json] [--set NAME=VALUE ...] | export ID [--set NAME=VALUE ...] [--mode watt|native|values] -o FILE.xlsx',
  async run(args, ctx) {
    if (args[0] === 'export') return runTemplateExport(args.slice(1), ctx);
    const { rest, settings } = takeSettings(args);
    const { flags, positional } = parseFlags(rest, ['--json']);
    const [sub, id, ...extra] = positional;
    const json = flags.has('--json');
    if (sub === 'list' && !id && settings.length === 0) {
      if (json) {
        ctx.out(JSON.stringify(TEMPLATES.map((t) => ({ id: t.id, title: t.title, description: t.description, as_of: t.asOf })), null, 2));
      } else {
        for (const t of TEMPLATES) {
          ctx.out(`${t.id.padEnd(14)} ${t.title} (as of ${t.asOf})`);
          ctx.out(`${' '.repeat(15)}${t.description}`);
        }
      }
      return 0;
    }
    if (sub === 'show' && id && extra.length === 0) {
      const result = await computeTemplate(id, settings);
      if (json) {
        ctx.out(JSON.stringify({ id: result.id, sheets: result.sheets.map((s) => ({ name: s.name, values: s.values })) }));
        return 0;
      }
      for (const sheet of result.sheets) {
        ctx.out(`== ${sheet.name} ==`);
        sheet.values.forEach((row, r) => ctx.out(`${r + 1}\t${row.map((cell, c) => cellText(cell, sheet.formats?.get(cellRef(r, c)))).join('\t')}`));
      }
      return 0;
    }
    throw new UsageError(`expected "list" or "show ID"; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  },
};
