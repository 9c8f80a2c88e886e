/**
 * `--set NAME=VALUE` on the command line: a scenario of a template, its named inputs changed before it
 * is inserted (so a table sized by an input, e.g. months, is sized from the new value). Shared by the
 * template commands; an unknown name or a value of the wrong kind is a usage error listing the inputs.
 */
import { serialFromUtc } from '../core/dates';
import type { Template } from '../templates/types';
import { UsageError } from './context';

/** Splits `--set NAME=VALUE` (or `--set=NAME=VALUE`) pairs out of the arguments. */
export function takeSets(args: string[]): { sets: [string, string][]; rest: string[] } {
  const sets: [string, string][] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const inline = a.startsWith('--set=') ? a.slice('--set='.length) : undefined;
    if (a !== '--set' && inline === undefined) {
      rest.push(a);
      continue;
    }
    const pair = inline ?? args[++i];
    const m = pair === undefined ? null : /^([^=]+)=(.*)$/.exec(pair);
    if (!m) throw new UsageError(`--set expects NAME=VALUE (got ${pair === undefined ? 'nothing' : `"${pair}"`})`);
    sets.push([m[1].trim(), m[2].trim()]);
  }
  return { sets, rest };
}

/** The input names of a template (cells with a name and a constant value). */
export function inputNames(template: Template): string[] {
  return template.sheets.flatMap((s) => s.cells.filter((c) => c.name && c.formula === undefined).map((c) => c.name!));
}

/** A value typed on the command line, of the kind the input holds (number, date as a number, yes/no, text). */
function parseValue(name: string, text: string, current: unknown): number | string | boolean {
  if (typeof current === 'string') return text;
  if (typeof current === 'boolean') {
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    throw new UsageError(`--set ${name}: expected TRUE or FALSE (got "${text}")`);
  }
  const n = Number(text.replace(/_/g, ''));
  if (text !== '' && Number.isFinite(n)) return n;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return serialFromUtc(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  throw new UsageError(`--set ${name}: expected a number or a date YYYY-MM-DD (got "${text}")`);
}

/** The template with these inputs changed (a copy; the template itself is never modified). */
export function withInputs(template: Template, sets: readonly [string, string][]): Template {
  if (sets.length === 0) return template;
  const names = inputNames(template);
  const byName = new Map(names.map((n) => [n.toLowerCase(), n]));
  const changes = new Map<string, number | string | boolean>();
  const sheets = template.sheets.map((s) => ({ ...s, cells: s.cells.map((c) => ({ ...c })) }));
  for (const [name, text] of sets) {
    const key = byName.get(name.toLowerCase());
    if (!key) throw new UsageError(`unknown input "${name}" for template ${template.id}; inputs: ${names.join(', ')}`);
    const cell = sheets.flatMap((s) => s.cells).find((c) => c.name === key)!;
    const value = parseValue(key, text, cell.value);
    changes.set(key, value);
    cell.value = value;
  }
  return { ...template, sheets };
}
