/**
 * A template's inputs as the command line changes them: `--set NAME=VALUE` read as the input's kind
 * (a number; a date, read by the core's `dateArgument` with the parser the engine uses for typed
 * dates; or text) and written into a copy of the template.
 * Used by `watt template show` and `watt template export`, and by the tests that drive templates.
 */
import type { Template, TemplateCell } from '../templates/types';
import { dateArgument } from '../core/dates';
import { isError } from '../core/errors';
import { isDateFormat } from '../workbench/numfmt';
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
    // The core's reading of a date argument: the engine's parser of typed dates (Excel en-US), or a serial.
    const date = dateArgument(text, `--set ${input.name}`);
    if (isError(date)) throw new UsageError(`${date.message}; inputs of ${template.id}: ${names}`);
    return { input, value: date };
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
