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
import type { Template, TemplateCell } from '../../templates/types';
import { formatGeneral, formatValue, isDateFormat, serialFromDate } from '../../workbench/numfmt';
import type { Command } from '../main';
import { parseFlags, UsageError } from '../context';
import { runTemplateExport } from './export';

export interface ComputedSheet {
  name: string;
  values: (Scalar | CellErrorValue)[][];
  /** Number format of each cell, by A1 ref (from the template; for the text view). */
  formats?: Map<string, string>;
}

/** An input of a template: a named cell styled as an input, on a sheet (by index). */
export interface TemplateInput {
  name: string;
  sheet: number;
  cell: TemplateCell;
}

/** The inputs a user may change: cells with a defined name and the input style, in sheet order. */
export function templateInputs(template: Template): TemplateInput[] {
  return template.sheets.flatMap((sheet, i) => sheet.cells.filter((c) => c.name && c.style === 'input').map((cell) => ({ name: cell.name!, sheet: i, cell })));
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1..12 for a month's English name or its three-letter abbreviation (and "sept"), else 0. */
function monthNumber(name: string): number {
  if (name === 'sept') return 9;
  return MONTH_NAMES.findIndex((full) => full === name || full.slice(0, 3) === name) + 1;
}

function validDate(y: number, m: number, d: number): number | undefined {
  if (!Number.isInteger(y) || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  // Excel's fictitious 1900-02-29 (serial 60) is a date it accepts.
  if (y === 1900 && m === 2 && d === 29) return 60;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return serialFromDate(y, m, d);
}

/**
 * A date typed as Excel (en-US) reads it, to its serial (1900 system): 2026-07-01, 7/1/2026 (month
 * first), Jul 1, 2026 (or July 1 2026), 1-Jul-2026. Undefined when it is not such a date.
 */
export function parseDateText(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) return validDate(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) return validDate(+m[3], +m[1], +m[2]);
  if ((m = /^([a-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(t))) return monthNumber(m[1]) ? validDate(+m[3], monthNumber(m[1]), +m[2]) : undefined;
  if ((m = /^(\d{1,2})[- ]([a-z]+)[- ](\d{4})$/.exec(t))) return monthNumber(m[2]) ? validDate(+m[3], monthNumber(m[2]), +m[1]) : undefined;
  return undefined;
}

/** A number as typed in a cell: 1,200  $1,200  5%  (3)  1e6; undefined when it is not one. */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  const negative = /^\(.*\)$/.test(t);
  let s = negative ? t.slice(1, -1).trim() : t;
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1);
  s = s.replace(/^([-+]?)\s*\$/, '$1').replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  let n = Number(s);
  if (!Number.isFinite(n)) return undefined;
  if (negative) n = -n;
  return percent ? n / 100 : n;
}

/** What --set NAME=VALUE writes into the input cell, or a usage error naming the input and the inputs. */
export function parseSetting(template: Template, setting: string): { input: TemplateInput; value: number | string } {
  const inputs = templateInputs(template);
  const names = inputs.map((i) => i.name).join(', ');
  const eq = setting.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects NAME=VALUE (got "${setting}"); inputs of ${template.id}: ${names}`);
  const name = setting.slice(0, eq).trim();
  const text = setting.slice(eq + 1);
  const matches = inputs.filter((i) => i.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 0) throw new UsageError(`unknown input "${name}" in ${template.id}; inputs: ${names}`);
  if (matches.length > 1) throw new UsageError(`input "${name}" is on several sheets of ${template.id}; inputs: ${names}`);
  const input = matches[0];
  const bad = (kind: string) => new UsageError(`--set ${input.name}: "${text}" is not ${kind}; inputs of ${template.id}: ${names}`);
  if (typeof input.cell.value === 'string' || input.cell.format === '@') {
    if (text.trim() === '') throw bad('a value');
    return { input, value: text.trim() };
  }
  if (isDateFormat(input.cell.format)) {
    const date = parseDateText(text);
    if (date !== undefined) return { input, value: date };
    const serial = parseNumberText(text);
    if (serial !== undefined && !/%/.test(text)) return { input, value: serial };
    throw bad('a date (2026-07-01, 7/1/2026, Jul 1, 2026, 1-Jul-2026, or an Excel serial)');
  }
  const n = parseNumberText(text);
  if (n === undefined) throw bad('a number');
  return { input, value: n };
}

/** The template with the given inputs' values replaced (nothing else changes; the template itself is not mutated). */
export function withInputs(template: Template, settings: { input: TemplateInput; value: number | string }[]): Template {
  return {
    ...template,
    sheets: template.sheets.map((sheet, i) => ({
      ...sheet,
      cells: sheet.cells.map((cell) => {
        const s = settings.filter((x) => x.input.sheet === i && x.input.cell === cell).pop();
        return s ? { ...cell, value: s.value } : cell;
      }),
    })),
  };
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

/** Takes every `--set NAME=VALUE` (or `--set=NAME=VALUE`) out of the arguments. */
export function takeSettings(args: string[]): { rest: string[]; settings: string[] } {
  const rest: string[] = [];
  const settings: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--set') {
      if (i + 1 >= args.length) throw new UsageError('--set expects NAME=VALUE');
      settings.push(args[++i]);
    } else if (a.startsWith('--set=')) settings.push(a.slice('--set='.length));
    else rest.push(a);
  }
  return { rest, settings };
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
