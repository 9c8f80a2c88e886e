/**
 * `watt template list [--json]`: the templates (id, title, description, as-of).
 * `watt template show ID [--json]`: inserts the template into a fresh engine, recalculates, and prints
 * every sheet's computed values; --json gives {"id", "sheets": [{"name", "values": [[...]]}]} with
 * errors as {"error": "#VALUE!", "message": "..."}.
 */
import { EngineTemplateAdapter } from '../../engine/template-adapter';
import { plainCell, Scalar, CellErrorValue } from '../../engine/evaluate';
import { findTemplate, insertTemplate, TEMPLATES } from '../../templates';
import type { Command } from '../main';
import { parseFlags, UsageError } from '../context';
import { runTemplateExport } from './export';

export interface ComputedSheet {
  name: string;
  values: (Scalar | CellErrorValue)[][];
}

/** Inserts a template into a fresh engine and returns every sheet's computed values (trailing empties trimmed). */
export async function computeTemplate(id: string): Promise<{ id: string; sheets: ComputedSheet[] }> {
  const template = findTemplate(id);
  if (!template) throw new UsageError(`unknown template "${id}"; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  const adapter = new EngineTemplateAdapter();
  const plan = await insertTemplate(template, adapter);
  const sheets = plan.sheets.map((sheet) => {
    const values = adapter.hf.getSheetValues(adapter.hf.getSheetId(sheet.name)!).map((row) => {
      const cells = row.map(plainCell);
      while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
      return cells;
    });
    return { name: sheet.name, values };
  });
  return { id: template.id, sheets };
}

function cellText(cell: Scalar | CellErrorValue): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return `${cell.error} ${cell.message}`.trim();
  if (typeof cell === 'number') return String(Number(cell.toPrecision(12)));
  return String(cell);
}

export const templateCommand: Command = {
  summary: 'list the templates, or show one recalculated in the engine',
  usage: 'template list|show [ID] [--json] | export ID [--set NAME=VALUE ...] [--mode watt|native|values] -o FILE.xlsx',
  async run(args, ctx) {
    if (args[0] === 'export') return runTemplateExport(args.slice(1), ctx);
    const { flags, positional } = parseFlags(args, ['--json']);
    const [sub, id, ...extra] = positional;
    const json = flags.has('--json');
    if (sub === 'list' && !id) {
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
      const result = await computeTemplate(id);
      if (json) {
        ctx.out(JSON.stringify(result));
        return 0;
      }
      for (const sheet of result.sheets) {
        ctx.out(`== ${sheet.name} ==`);
        sheet.values.forEach((row, i) => ctx.out(`${i + 1}\t${row.map(cellText).join('\t')}`));
      }
      return 0;
    }
    throw new UsageError(`expected "list" or "show ID"; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
  },
};
