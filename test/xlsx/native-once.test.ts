/**
 * The native export translates each WATT formula to its native form once (write.ts `planOuts`), for
 * the guard planner and the writer both, and writes what a direct translation of each cell gives.
 * Through `watt template export ID --mode native` for keep-mining (every formula native) and risk
 * (simulations written as guarded values, formulas masked over them).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli';
import * as native from '../../src/xlsx/native';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { cellRef } from '../../src/templates/plan';
import { hasWattCall } from '../../src/xlsx/formula';
import { formulaCellOut, spillOut } from '../../src/xlsx/modes';
import { planNativeTables } from '../../src/xlsx/native-blocks';
import { spillSize } from '../../src/xlsx/write';
import { dateToSerial } from '../../src/xlsx';

/** A formula cell's cached result as the file holds it (ExcelJS reads a date-formatted number as a Date). */
const result = (cell: ExcelJS.Cell) => (cell.result instanceof Date ? dateToSerial(cell.result) : cell.result);

describe.each([['keep-mining'], ['risk']])('template export %s --mode native', (id) => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watt-native-once-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each WATT formula is translated once, and every cell is what its direct translation gives', async () => {
    const file = path.join(dir, `${id}.xlsx`);
    const spy = jest.spyOn(native, 'toNativeFormula');
    let calls: number;
    try {
      const { code } = await runCli(['template', 'export', id, '--mode', 'native', '-o', file]);
      expect(code).toBe(0);
      calls = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }

    // The same template in an engine, each formula cell translated directly (as the writer did before the plan).
    const adapter = new EngineTemplateAdapter();
    await insertTemplate(findTemplate(id)!, adapter);
    const { hf } = adapter;
    const sheets = hf.getSheetNames();
    const plan = planNativeTables(hf, sheets, (at) => spillSize(hf, at));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    let wattCells = 0;
    let checked = 0;
    let guarded = 0;
    for (const name of sheets) {
      const sheet = hf.getSheetId(name)!;
      const ws = workbook.getWorksheet(name)!;
      hf.getSheetFormulas(sheet).forEach((row, r) => row.forEach((formula, c) => {
        if (typeof formula !== 'string' || plan.tables.has(`${name.toLowerCase()}!${cellRef(r, c)}`)) return;
        if (hasWattCall(formula)) wattCells++;
        const at = { sheet, row: r, col: c };
        const cell = ws.getCell(cellRef(r, c));
        const size = hf.isCellPartOfArray(at) ? spillSize(hf, at) : { rows: 1, columns: 1 };
        if (size.rows * size.columns > 1) {
          const out = spillOut(formula, 'native');
          if (out.kind === 'array') expect(cell.formula).toBe(out.formula);
          else {
            expect(String(cell.note)).toContain(out.note);
            // Below the header, each number of the table is a guarded value: IF(inputs unchanged, the number, NA()).
            for (let dr = 1; dr < size.rows; dr++) for (let dc = 0; dc < size.columns; dc++) {
              const v = hf.getCellValue({ sheet, row: r + dr, col: c + dc });
              if (typeof v !== 'number') continue;
              const target = ws.getCell(cellRef(r + dr, c + dc));
              expect(target.formula).toMatch(/^IF\('Watt inputs'!\$E\$\d+,[^,]+,NA\(\)\)$/);
              expect(result(target)).toBe(v);
              guarded++;
            }
          }
        } else {
          const out = formulaCellOut(formula, hf.getCellValue(at), 'native', plan.custom(name));
          if (out.kind === 'formula') {
            // Written as translated, or under the condition of the guarded values it reads (IF(ok, formula, NA())).
            if (cell.formula !== out.formula) expect(cell.formula).toBe(`IF(${/^IF\((.*?),/.exec(cell.formula)?.[1]},${out.formula},NA())`);
            expect(result(cell) ?? '').toEqual(out.result ?? '');
          } else {
            expect(cell.formula).toMatch(/^IF\('Watt inputs'!\$E\$\d+,/);
            expect(result(cell)).toEqual(out.value);
            guarded++;
          }
        }
        checked++;
      }));
    }
    expect(checked).toBeGreaterThan(20);
    expect(calls).toBe(wattCells);
    if (id === 'risk') expect(guarded).toBeGreaterThan(0);
  });
});
