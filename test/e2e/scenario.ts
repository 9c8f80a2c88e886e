/**
 * For each template, the edit the browser test performs and what it must then show, worked out in
 * Node on the same engine, adapter and formatter: the first numeric input whose change (x1.2, or +1
 * when zero) changes at least one output cell without turning it into an error.
 */
import { createEngine, FUNCTIONS } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { functionsUsed, insertTemplate } from '../../src/templates';
import { parseRef } from '../../src/templates/plan';
import type { Template } from '../../src/templates/types';
import { WorkbookModel } from '../../src/workbench/model';
import { isDateFormat } from '../../src/workbench/numfmt';

export interface Scenario {
  sheet: string;
  sheetNames: string[];
  input: string;
  typed: string;
  inputBefore: string;
  inputAfter: string;
  output: string;
  outputBefore: string;
  outputAfter: string;
}

/** WATT functions a template calls that this build does not register. */
export function missingFunctions(template: Template): string[] {
  const have = new Set(FUNCTIONS.map((f) => f.id));
  return functionsUsed(template).filter((id) => !have.has(id));
}

/** Formula and spilled cells of a sheet: ref → shown text ("!" before an error code); only WATT ones if asked. */
function outputs(model: WorkbookModel, sheet: string, wattOnly: boolean): Map<string, string> {
  const { rows, cols } = model.dimensions(sheet);
  const spills = model.spills(sheet);
  const out = new Map<string, string>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = model.cell(sheet, r, c, spills);
      const formula = v.formula ?? v.spill?.formula;
      if (!formula || v.kind === 'empty') continue;
      if (wattOnly && !/WATT\./i.test(formula)) continue;
      out.set(v.ref, v.kind === 'error' ? `!${v.text}` : v.text);
    }
  }
  return out;
}

/** A new value to type for a number, as a user would type it in a cell with this format. */
function typedValue(value: number, format: string | undefined): string {
  const next = value === 0 ? 1 : Number((value * 1.2).toPrecision(6));
  if (format && /%/.test(format.replace(/"[^"]*"/g, ''))) return `${Number((next * 100).toPrecision(6))}%`;
  return String(next);
}

export async function findScenario(template: Template): Promise<Scenario> {
  const hf = createEngine();
  hf.addSheet('Sheet1');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const plan = await insertTemplate(template, adapter);
  const sheetNames = plan.sheets.map((s) => s.name);
  // A template that calls WATT functions must show one of them recalculating.
  const wattOnly = functionsUsed(template).length > 0;
  for (const sheet of plan.sheets) {
    for (const cell of sheet.cells) {
      if (cell.style !== 'input' || typeof cell.value !== 'number' || isDateFormat(cell.format)) continue;
      const pos = parseRef(cell.ref)!;
      const before = new Map(sheetNames.map((n) => [n, outputs(model, n, wattOnly)] as const));
      const inputBefore = model.cell(sheet.name, pos.row, pos.col).text;
      const typed = typedValue(cell.value, cell.format);
      const result = model.edit(sheet.name, pos.row, pos.col, typed);
      if (!result.ok) throw new Error(`${template.id}: editing ${sheet.name}!${cell.ref} failed: ${result.message}`);
      const after = outputs(model, sheet.name, wattOnly);
      const changed = [...after].find(([ref, text]) => !text.startsWith('!') && before.get(sheet.name)!.get(ref) !== undefined && !before.get(sheet.name)!.get(ref)!.startsWith('!') && before.get(sheet.name)!.get(ref) !== text);
      if (changed) {
        return {
          sheet: sheet.name,
          sheetNames,
          input: cell.ref,
          typed,
          inputBefore,
          inputAfter: model.cell(sheet.name, pos.row, pos.col).text,
          output: changed[0],
          outputBefore: before.get(sheet.name)!.get(changed[0])!,
          outputAfter: changed[1],
        };
      }
      // Undo and try the next input.
      model.edit(sheet.name, pos.row, pos.col, String(cell.value));
    }
  }
  const missing = missingFunctions(template);
  throw new Error(
    `${template.id}: no input changes a ${wattOnly ? 'WATT ' : ''}output on its sheet` +
      (missing.length ? ` (this build does not register WATT.${missing.join(', WATT.')}, which the template calls)` : ''),
  );
}

export interface ResizeScenario {
  sheet: string;
  input: string;
  typed: string;
  anchor: string;
  rowsBefore: number;
  rowsAfter: number;
  /** The first cell of the table's last row after the edit, and its text. */
  lastRef: string;
  lastText: string;
}

/**
 * For a template with a spilled WATT table: the first numeric input whose change (x1.2) changes the
 * table's number of rows, found in Node; undefined when no input resizes a table (or none spills).
 */
export async function findResizeScenario(template: Template): Promise<ResizeScenario | undefined> {
  const hf = createEngine();
  hf.addSheet('Sheet1');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const plan = await insertTemplate(template, adapter);
  for (const sheet of plan.sheets) {
    if (model.spills(sheet.name).length === 0) continue;
    for (const cell of sheet.cells) {
      if (cell.style !== 'input' || typeof cell.value !== 'number' || isDateFormat(cell.format)) continue;
      const pos = parseRef(cell.ref)!;
      const before = model.spills(sheet.name);
      const typed = typedValue(cell.value, cell.format);
      const result = model.edit(sheet.name, pos.row, pos.col, typed);
      if (result.ok && result.resized.length > 0) {
        const anchor = result.resized[0].split('!').pop()!;
        const a = parseRef(anchor)!;
        const now = model.spills(sheet.name).find((s) => s.row === a.row && s.col === a.col)!;
        const was = before.find((s) => s.row === a.row && s.col === a.col)!;
        const lastRow = now.row + now.rows - 1;
        return {
          sheet: sheet.name,
          input: cell.ref,
          typed,
          anchor,
          rowsBefore: was.rows,
          rowsAfter: now.rows,
          lastRef: `${anchor.replace(/\d+$/, '')}${lastRow + 1}`,
          lastText: model.cell(sheet.name, lastRow, now.col).text,
        };
      }
      model.edit(sheet.name, pos.row, pos.col, String(cell.value));
    }
  }
  return undefined;
}
