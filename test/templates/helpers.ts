/** Shared by the template tests: insert a template into a fresh engine and read its cells. */
import fs from 'fs';
import path from 'path';
import { DetailedCellError } from 'hyperformula';
import { FUNCTIONS, wrapperFor } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { plainCell } from '../../src/engine/evaluate';
import { insertTemplate } from '../../src/templates';
import { cellRef, parseRef } from '../../src/templates/plan';
import type { Template, WritePlan } from '../../src/templates/types';

export const DATA_DIR = path.resolve(__dirname, '..', '..', 'data');

/** The WATT function ids registered in generated/functions.json. */
export const REGISTERED = new Set(FUNCTIONS.map((f) => f.id.toUpperCase()));

/**
 * The wrapper Excel calls for a WATT function, or a loud failure naming the missing function: the
 * functions of templates 2-5 are built in parallel and merged later; until then these tests fail.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function wrapper(id: string): (...args: any[]) => any {
  const fn = wrapperFor(id);
  if (!fn || !REGISTERED.has(id)) throw new Error(`WATT.${id} is not registered in generated/functions.json (not merged yet?)`);
  return fn;
}

export class Inserted {
  constructor(readonly template: Template, readonly adapter: EngineTemplateAdapter, readonly plan: WritePlan) {}

  static async of(template: Template, adapter = new EngineTemplateAdapter()): Promise<Inserted> {
    const plan = await insertTemplate(template, adapter);
    return new Inserted(template, adapter, plan);
  }

  get hf() {
    return this.adapter.hf;
  }

  sheetId(i = 0): number {
    return this.hf.getSheetId(this.plan.sheets[i].name)!;
  }

  /** The computed value at an A1 ref: number, text, boolean, null, or {error, message}. */
  at(ref: string, sheet = 0) {
    return plainCell(this.hf.getCellValue({ sheet: this.sheetId(sheet), ...parseRef(ref)! }));
  }

  /** The ref of the cell named `name` in the template. */
  refOf(name: string, sheet = 0): string {
    const cell = this.template.sheets[sheet].cells.find((c) => c.name === name);
    if (!cell) throw new Error(`${this.template.id} has no cell named ${name}`);
    return cell.ref;
  }

  /** The computed value of a named cell; a number is required. */
  num(name: string, sheet = 0): number {
    const v = this.at(this.refOf(name, sheet), sheet);
    if (typeof v !== 'number') throw new Error(`${name} is ${JSON.stringify(v)}, not a number`);
    return v;
  }

  set(name: string, value: number | string, sheet = 0): void {
    this.hf.setCellContents({ sheet: this.sheetId(sheet), ...parseRef(this.refOf(name, sheet))! }, [[value]]);
  }

  /** Every error cell of the inserted sheets, as "Sheet!A1 #ERR message". */
  errors(): string[] {
    const found: string[] = [];
    this.plan.sheets.forEach((sheet, i) => {
      this.hf.getSheetValues(this.sheetId(i)).forEach((row, r) =>
        row.forEach((v, c) => {
          if (v instanceof DetailedCellError) found.push(`${sheet.name}!${cellRef(r, c)} ${v.value} ${v.message}`);
        }),
      );
    });
    return found;
  }
}

/** RFC 4180 CSV: quoted fields with commas and doubled quotes; first row is the header. */
export function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8');
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
