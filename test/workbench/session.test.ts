/**
 * The workbench's workbook as a user works on it (Node, no DOM): undo and redo of every change, the
 * snapshot that survives a reload, sheets added, renamed and deleted, free cells beside a template's
 * protected ones, and browser storage that reports its failures.
 */
import { createEngine } from '../../src/engine/engine';
import { EngineTemplateAdapter } from '../../src/engine/template-adapter';
import { findTemplate, insertTemplate } from '../../src/templates';
import { parseRef } from '../../src/templates/plan';
import { WorkbookModel } from '../../src/workbench/model';
import { WorkbookSession, sheetNameProblem } from '../../src/workbench/session';
import { restoreSnapshot, snapshotProblem, takeSnapshot } from '../../src/workbench/snapshot';
import { loadWorkbook, saveWorkbook, STORAGE_KEY, UNREADABLE_KEY, type KeyValueStore } from '../../src/workbench/storage';

function fresh() {
  const hf = createEngine();
  hf.addSheet('Sheet1');
  const adapter = new EngineTemplateAdapter(hf);
  const model = new WorkbookModel(hf, adapter);
  const session = new WorkbookSession(model);
  const changes: string[] = [];
  session.onChange = (a) => changes.push(a.label);
  return { hf, adapter, model, session, changes };
}

const at = (a1: string) => parseRef(a1)!;
const value = (model: WorkbookModel, sheet: string, a1: string) => model.cell(sheet, at(a1).row, at(a1).col).value;
const edit = (model: WorkbookModel, sheet: string, a1: string, text: string) => model.edit(sheet, at(a1).row, at(a1).col, text);

async function withTemplate(id = 'keep-mining') {
  const ctx = fresh();
  const template = findTemplate(id)!;
  const plan = await ctx.session.change(`Insert ${id}`, () => insertTemplate(template, ctx.adapter), (p) => p.sheets[0].name);
  const cells = template.sheets[0].cells;
  const ref = (name: string) => cells.find((c) => c.name === name)!.ref;
  return { ...ctx, sheet: plan.sheets[0].name, ref, template };
}

describe('undo and redo', () => {
  test('cell edits undo and redo in order; a new edit empties the redo stack', () => {
    const { model, session, changes } = fresh();
    edit(model, 'Sheet1', 'A1', '2');
    edit(model, 'Sheet1', 'A2', '=A1*10');
    edit(model, 'Sheet1', 'A1', '3');
    expect(value(model, 'Sheet1', 'A2')).toBe(30);
    expect(session.history.nextUndo).toBe('Edit Sheet1!A1');

    session.undo();
    expect(value(model, 'Sheet1', 'A2')).toBe(20);
    session.undo();
    expect(model.cell('Sheet1', 1, 0).kind).toBe('empty');
    session.redo();
    expect(value(model, 'Sheet1', 'A2')).toBe(20);
    expect(session.history.size).toEqual({ undo: 2, redo: 1 });

    edit(model, 'Sheet1', 'B1', 'text');
    expect(session.history.size).toEqual({ undo: 3, redo: 0 });
    expect(session.redo()).toBeUndefined();
    expect(changes).toEqual(['Edit Sheet1!A1', 'Edit Sheet1!A2', 'Edit Sheet1!A1', 'Undid: Edit Sheet1!A1', 'Undid: Edit Sheet1!A2', 'Redid: Edit Sheet1!A2', 'Edit Sheet1!B1']);
  });

  test('a refused edit is not recorded', async () => {
    const { model, session, sheet, ref } = await withTemplate();
    const hp = at(ref('hashprice'));
    const before = session.history.size.undo;
    expect(model.edit(sheet, hp.row, hp.col, '1').ok).toBe(false);
    expect(session.history.size.undo).toBe(before);
  });

  test('a template input edited, undone and redone gives the template\'s outputs back exactly', async () => {
    const { model, session, sheet, ref } = await withTemplate();
    const hp = ref('hashprice');
    const original = value(model, sheet, hp) as number;
    expect(edit(model, sheet, ref('btc_price'), '$174,000').ok).toBe(true);
    expect((value(model, sheet, hp) as number) / original).toBeCloseTo(2, 12);
    session.undo();
    expect(value(model, sheet, hp)).toBe(original);
    expect(value(model, sheet, ref('btc_price'))).toBe(87000);
    session.redo();
    expect(value(model, sheet, ref('btc_price'))).toBe(174000);
    // Undo of the insert removes its sheets; redo brings them back with their formats.
    session.undo();
    session.undo();
    expect(model.sheetNames()).toEqual(['Sheet1']);
    expect(model.adapter.formats.has(sheet)).toBe(false);
    session.redo();
    expect(model.sheetNames()).toContain(sheet);
    expect(value(model, sheet, hp)).toBe(original);
    expect(model.formatOf(sheet, ref('btc_price'))?.style).toBe('input');
  });

  test('a paste is one change: undo puts every cell back', () => {
    const { model, session } = fresh();
    edit(model, 'Sheet1', 'B2', 'keep');
    expect(model.editBlock('Sheet1', 0, 0, [['1', '2'], ['3', '']]).ok).toBe(true);
    expect(value(model, 'Sheet1', 'B2')).toBeNull();
    expect(session.history.nextUndo).toBe('Paste into Sheet1!A1:B2');
    session.undo();
    expect(value(model, 'Sheet1', 'B2')).toBe('keep');
    expect(model.cell('Sheet1', 0, 0).kind).toBe('empty');
  });

  test('the stacks keep at most their limit, oldest dropped first', () => {
    const { model, session } = fresh();
    for (let i = 0; i < session.history.limit + 5; i++) edit(model, 'Sheet1', 'A1', String(i));
    expect(session.history.size.undo).toBe(session.history.limit);
  });
});

describe('free editing beside a template', () => {
  test('labels, formulas and spilled tables are protected with a message; inputs and empty cells are free', async () => {
    const { model, sheet, ref, template } = await withTemplate('projection');
    const label = template.sheets[0].cells.find((c) => c.formula === undefined && c.style !== 'input' && typeof c.value === 'string')!;
    expect(edit(model, sheet, label.ref, 'x')).toEqual({ ok: false, message: expect.stringMatching(/calculated by the template/) });
    const spill = model.spills(sheet)[0];
    const inside = model.edit(sheet, spill.row + 1, spill.col, '1');
    expect(inside).toEqual({ ok: false, message: expect.stringMatching(/part of the table spilled from/) });
    const input = template.sheets[0].cells.find((c) => c.style === 'input')!;
    expect(model.cell(sheet, at(input.ref).row, at(input.ref).col).editable).toBe(true);
    // A cell far from the template: a user's own note and a formula reading the model.
    const dims = model.dimensions(sheet);
    const lastOwned = Math.max(...[...model.adapter.owned!.get(sheet)!].map((r) => at(r).row));
    const free = { row: Math.max(dims.rows, lastOwned) + 2, col: 0 };
    expect(model.edit(sheet, free.row, free.col, `=${ref(template.sheets[0].cells.find((c) => c.name)!.name!)}`)).toEqual({ ok: true, resized: [] });
    // A paste overlapping the template writes nothing.
    const pasted = model.editBlock(sheet, spill.row, spill.col - 1, [['1', '2']]);
    expect(pasted.ok).toBe(false);
    if (!pasted.ok) expect(pasted.message).toMatch(/^Nothing was pasted/);
  });
});

describe('sheets', () => {
  test('add, rename and delete, each undoable; formulas follow a rename and come back after a delete is undone', async () => {
    const { model, session } = fresh();
    expect(await session.addSheet()).toBe('Sheet2');
    edit(model, 'Sheet2', 'A1', '21');
    edit(model, 'Sheet1', 'A1', '=Sheet2!A1*2');
    await session.renameSheet('Sheet2', 'Costs');
    expect(model.sheetNames()).toEqual(['Sheet1', 'Costs']);
    expect(model.cell('Sheet1', 0, 0).formula).toBe('=Costs!A1*2');
    expect(value(model, 'Sheet1', 'A1')).toBe(42);

    await session.deleteSheet('Costs');
    expect(model.sheetNames()).toEqual(['Sheet1']);
    expect(model.cell('Sheet1', 0, 0).error?.code).toBe('#REF!');
    session.undo();
    expect(model.sheetNames()).toEqual(['Sheet1', 'Costs']);
    expect(value(model, 'Sheet1', 'A1')).toBe(42);
    expect(value(model, 'Costs', 'A1')).toBe(21);
    session.undo(); // the rename
    expect(model.sheetNames()).toEqual(['Sheet1', 'Sheet2']);
    expect(model.cell('Sheet1', 0, 0).formula).toBe('=Sheet2!A1*2');
  });

  test('names Excel refuses, a clash, and the last sheet are refused without a change', async () => {
    const { session } = fresh();
    await session.addSheet('Two');
    await expect(session.renameSheet('Two', 'a/b')).rejects.toThrow(/: \\ \/ \? \* \[ \]/);
    await expect(session.renameSheet('Two', 'sheet1')).rejects.toThrow(/already exists/);
    await expect(session.renameSheet('Two', 'x'.repeat(32))).rejects.toThrow(/31 characters/);
    await session.deleteSheet('Two');
    await expect(session.deleteSheet('Sheet1')).rejects.toThrow(/at least one sheet/);
    expect(session.history.size.undo).toBe(2);
    expect(sheetNameProblem("'quoted", [])).toMatch(/apostrophe/);
    expect(sheetNameProblem('History', [])).toMatch(/History/);
  });

  test('a renamed template sheet keeps its formats, names and protection', async () => {
    const { model, session, sheet, ref } = await withTemplate();
    await session.renameSheet(sheet, 'My model');
    expect(model.formatOf('My model', ref('btc_price'))?.style).toBe('input');
    expect(model.isTemplateSheet('My model')).toBe(true);
    expect(edit(model, 'My model', ref('btc_price'), '100000').ok).toBe(true);
    expect(edit(model, 'My model', ref('hashprice'), '1').ok).toBe(false);
  });

  test('new workbook, undone, gives the old one back', async () => {
    const { model, session, sheet, ref } = await withTemplate();
    edit(model, sheet, ref('btc_price'), '90000');
    await session.newWorkbook();
    expect(model.sheetNames()).toEqual(['Sheet1']);
    expect(model.dimensions('Sheet1')).toEqual({ rows: 0, cols: 0 });
    session.undo();
    expect(value(model, sheet, ref('btc_price'))).toBe(90000);
  });
});

describe('snapshot (what a reload restores)', () => {
  test('every template, inserted together and with an input changed, round-trips: values, formulas, names, formats, layouts, protection', async () => {
    const { hf, adapter, model } = fresh();
    const { TEMPLATES } = await import('../../src/templates');
    for (const t of TEMPLATES) await insertTemplate(t, adapter);
    edit(model, 'Sheet1', 'A1', "'0042");
    edit(model, 'Sheet1', 'A2', '2024-04-20');
    const snapshot = takeSnapshot(hf, adapter);
    expect(snapshotProblem(JSON.parse(JSON.stringify(snapshot)))).toBeUndefined();

    const hf2 = createEngine();
    const adapter2 = new EngineTemplateAdapter(hf2);
    const model2 = new WorkbookModel(hf2, adapter2);
    const problems = restoreSnapshot(hf2, adapter2, JSON.parse(JSON.stringify(snapshot)), (f) => model2.isTableFormula(f));
    model2.reenterTables();
    expect(problems).toEqual([]);
    expect(hf2.getSheetNames()).toEqual(hf.getSheetNames());
    for (const name of hf.getSheetNames()) {
      expect(hf2.getSheetValues(hf2.getSheetId(name)!)).toEqual(hf.getSheetValues(hf.getSheetId(name)!));
      expect(hf2.getSheetSerialized(hf2.getSheetId(name)!)).toEqual(hf.getSheetSerialized(hf.getSheetId(name)!));
      expect(model2.spills(name)).toEqual(model.spills(name));
      expect([...(adapter2.formats.get(name) ?? [])]).toEqual([...(adapter.formats.get(name) ?? [])]);
      expect(adapter2.layouts.get(name) ?? {}).toEqual(adapter.layouts.get(name) ?? {});
      expect(adapter2.owned.get(name)).toEqual(adapter.owned.get(name));
      expect(hf2.listNamedExpressions(hf2.getSheetId(name)!)).toEqual(hf.listNamedExpressions(hf.getSheetId(name)!));
    }
    expect(value(model2, 'Sheet1', 'A1')).toBe('0042');
    expect(value(model2, 'Sheet1', 'A2')).toBe(45402);
  });

  test('a value that is not a snapshot is named as such', () => {
    expect(snapshotProblem(null)).toBe('not an object');
    expect(snapshotProblem({ version: 2, sheets: [], names: [] })).toMatch(/version 2/);
    expect(snapshotProblem({ version: 1, sheets: [{ name: 'S', cells: [['not a ref', 1]] }], names: [] })).toMatch(/valid reference/);
  });
});

describe('browser storage', () => {
  class MapStore implements KeyValueStore {
    readonly map = new Map<string, string>();
    quota = Infinity;
    getItem(k: string) {
      return this.map.get(k) ?? null;
    }
    setItem(k: string, v: string) {
      if (v.length > this.quota) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      this.map.set(k, v);
    }
    removeItem(k: string) {
      this.map.delete(k);
    }
  }

  test('saved and loaded; a failure to save is reported, not swallowed', async () => {
    const { session, model } = fresh();
    edit(model, 'Sheet1', 'A1', '7');
    const store = new MapStore();
    expect(saveWorkbook(store, session.snapshot(), new Date('2026-11-27T12:00:00Z'))).toBeUndefined();
    const loaded = loadWorkbook(store);
    expect(loaded).toEqual({ kind: 'ok', snapshot: session.snapshot(), savedAt: '2026-11-27T12:00:00.000Z' });
    store.quota = 10;
    expect(saveWorkbook(store, session.snapshot())).toMatch(/QuotaExceededError/);
    expect(saveWorkbook(undefined, session.snapshot())).toMatch(/no local storage/);
  });

  test('an unreadable stored workbook is kept aside, never overwritten silently', () => {
    const store = new MapStore();
    store.setItem(STORAGE_KEY, '{"savedAt":"x","workbook":{"version":9}}');
    const loaded = loadWorkbook(store);
    expect(loaded).toEqual({ kind: 'unreadable', message: expect.stringMatching(/version 9/), kept: true, key: UNREADABLE_KEY, text: '{"savedAt":"x","workbook":{"version":9}}' });
    expect(store.getItem(UNREADABLE_KEY)).toBe('{"savedAt":"x","workbook":{"version":9}}');
    expect(store.getItem(STORAGE_KEY)).toBeNull();
    store.setItem(STORAGE_KEY, 'not json');
    store.quota = 5;
    expect(loadWorkbook(store)).toEqual({ kind: 'unreadable', message: expect.stringMatching(/not JSON.*not overwritten/), kept: false, text: 'not json' });
    expect(loadWorkbook(new MapStore())).toEqual({ kind: 'none' });
  });
});
