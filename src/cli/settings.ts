/**
 * A template's inputs as the command line changes them: `--set NAME=VALUE` read as the input's kind
 * (a number, a date as Excel en-US types it, or text) and written into a copy of the template.
 * Used by `watt template show` and `watt template export`, and by the tests that drive templates.
 */
import type { Template, TemplateCell } from '../templates/types';
import { isDateFormat, serialFromDate } from '../workbench/numfmt';
import { UsageError } from './context';

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
