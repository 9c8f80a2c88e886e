/**
 * The workbench's one-line summary of a download (src/workbench/xlsx-io.ts describeReport), from the
 * writer's own report of a template: what became Excel's functions, a native formula block, or values.
 */
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { insertTemplate, TEMPLATES } from '../../src/templates';
import { writeXlsx } from '../../src/xlsx';
import { describeReport, fileProblem } from '../../src/workbench/xlsx-io';

async function report(id: string, mode: 'watt' | 'native' | 'values') {
  const adapter = new EngineTemplateAdapter();
  await insertTemplate(TEMPLATES.find((t) => t.id === id)!, adapter);
  return (await writeXlsx(adapter, { mode })).report;
}

test('native: the projection table is named as a native formula block, with the sheet of its inputs; no value left', async () => {
  const text = describeReport(await report('projection', 'native'));
  expect(text).toMatch(/^1 sheet; 10 formulas; \d+ WATT calls in Excel's own functions; 1 table as a native formula block \(inputs checked on the sheet "Watt native"\)$/);
});

test('native: the three-paths table is a native formula block too (WATT.PATHS, src/xlsx/paths-native.ts)', async () => {
  const text = describeReport(await report('three-paths', 'native'));
  expect(text).toMatch(/1 table as a native formula block \(inputs checked on the sheet "Watt native"\)/);
});

test('native: a template with a table that has no native form (WATT.SIMULATE) says which cells became values', async () => {
  const text = describeReport(await report('risk', 'native'));
  expect(text).toMatch(/cells? as values with a note naming the formula \(no native form: /);
});

test('values and watt modes say what the file holds', async () => {
  expect(describeReport(await report('keep-mining', 'values'))).toMatch(/numbers only, each formula in its cell's note$/);
  expect(describeReport(await report('keep-mining', 'watt'))).toMatch(/WATT formulas as Excel stores them, each with its value cached$/);
});

describe('fileProblem: what Open refuses before reading', () => {
  test('over 50 MB, or not a zip archive, is refused with the file named; a zip header passes', () => {
    expect(fileProblem(new Uint8Array(0), 'big.xlsx', 60 * 1024 * 1024)).toBe('big.xlsx is 60.0 MB; the workbench opens files up to 50 MB. Open it in Excel, or recalculate it with `npx watt recalc`.');
    expect(fileProblem(new TextEncoder().encode('hello world'), 'text.xlsx')).toMatch(/^text\.xlsx is not an \.xlsx file/);
    expect(fileProblem(new Uint8Array([0x50, 0x4b]), 'short.xlsx')).toMatch(/not an \.xlsx file/);
    expect(fileProblem(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'ok.xlsx')).toBeUndefined();
    expect(fileProblem(new Uint8Array([0x50, 0x4b, 3, 4]).buffer, 'ok.xlsx')).toBeUndefined();
  });
});
