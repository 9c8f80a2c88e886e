/**
 * "Share" in Excel: portable copies of the workbook's Watt sheets (or of the active sheet), made
 * through Office.js from the pure plan of src/share/plan.ts. Never a change to the originals.
 *
 *  - Needs ExcelApi 1.7 (Worksheet.copy, workbook protection); refuses clearly on an older Excel and on
 *    a protected workbook structure, before writing anything.
 *  - Reads each sheet's used range (formulas, values); a Watt sheet is one with a WATT formula. Where
 *    Excel has ExcelApi 1.12 it asks each formula that becomes a value for its spill range, so a
 *    spilled table is frozen whole.
 *  - Copies each sheet with Worksheet.copy (formats, fills, fonts, widths, frozen panes, validation
 *    and the sheet's names, re-scoped to the copy, come with it), renames the copy to the plan's free
 *    name, then writes the plan's formulas and values over the copy.
 *  - The formula a value came from goes in a note (ExcelApi 1.18), else a comment (ExcelApi 1.10),
 *    else nowhere (the result says so, and the pane tells the user).
 *  - Native mode: a spilled WATT.PROJECTION becomes a native formula block; the inputs it reads are
 *    checked on a new sheet "Watt native" (the sheet's names are read to resolve its arguments).
 *  - Native mode: a value Watt still writes (no native form) is guarded: the inputs it reads are
 *    recorded on a very hidden sheet "Watt inputs" and the cell turns #N/A when one changes
 *    (src/share/guards.ts).
 *  - On any failure deletes the copies it made (and that sheet), by worksheet id (each copy is synced and its id read
 *    before it is renamed or written), never by name.
 */
import { planShare, isWattSheet, ShareError, type ShareMode, type SourceSheet } from '../../share/plan';
import { cellRef, parseBlock } from '../../templates/plan';
import { hasWattCall } from '../../xlsx/formula';
import { describe, officeHosts, removeSheetsById, type ExcelHost, type OfficeHost } from './template-adapter';

export { ShareError } from '../../share/plan';

/** Worksheet.copy and workbook protection. */
export const SHARE_API = '1.7';
/** Range.getSpillingToRangeOrNullObject. */
export const SPILL_API = '1.12';
/** Workbook.notes (cell notes). */
export const NOTES_API = '1.18';
/** Workbook.comments (threaded comments). */
export const COMMENTS_API = '1.10';

export type ShareScope = 'watt' | 'active';

export interface ShareOptions {
  mode: ShareMode;
  /** 'watt': every sheet with a WATT formula; 'active': the active sheet. */
  scope: ShareScope;
}

export interface ShareResult {
  mode: ShareMode;
  /** The copies' names, in order. */
  sheetNames: string[];
  /** The originals they were copied from. */
  sources: string[];
  nativeCells: number;
  valueCells: number;
  /** WATT.PROJECTION tables written as native formula blocks, and the sheet of their checked inputs. */
  nativeBlocks: number;
  helperSheet?: string;
  /** Native mode: the very hidden sheet of the inputs the values written depend on, and the cells guarded by it. */
  guardSheet?: string;
  guardedCells?: number;
  /** Where the formulas of value cells went: cell notes, comments, or nowhere (Excel too old). */
  annotations: 'notes' | 'comments' | 'none';
}

export interface ExcelShareAdapterOptions {
  excel?: ExcelHost;
  office?: OfficeHost;
}

/** "'Keep mining'!A1:D30" → "A1" (the top-left cell), or undefined. */
function originOf(address: string): string | undefined {
  const local = address.slice(address.lastIndexOf('!') + 1).replace(/\$/g, '');
  const block = parseBlock(local);
  return block ? cellRef(block.top, block.left) : undefined;
}

export class ExcelShareAdapter {
  private readonly excel?: ExcelHost;
  private readonly office?: OfficeHost;

  constructor(options: ExcelShareAdapterOptions = {}) {
    this.excel = options.excel;
    this.office = options.office;
  }

  private host(): { excel: ExcelHost; office: OfficeHost } {
    const hosts = officeHosts(this.excel, this.office);
    if (!hosts) throw new ShareError('unsupported', 'Share needs Excel: Office.js is not loaded on this page.');
    return hosts;
  }

  private supports(version: string): boolean {
    return this.host().office.context.requirements.isSetSupported('ExcelApi', version);
  }

  async share(options: ShareOptions): Promise<ShareResult> {
    const { excel } = this.host();
    if (!this.supports(SHARE_API)) {
      throw new ShareError('unsupported', `This version of Excel does not support ExcelApi ${SHARE_API} (copying a worksheet), which Share needs. Use Excel 2019 or later, Microsoft 365 or Excel on the web; nothing was changed.`);
    }
    const spillsKnown = this.supports(SPILL_API);
    const annotations: ShareResult['annotations'] = this.supports(NOTES_API) ? 'notes' : this.supports(COMMENTS_API) ? 'comments' : 'none';
    const added: { id: string; name: string }[] = [];
    let step = 'reading the workbook';
    try {
      return await excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets;
        // A sheet Share adds (the helper and guard sheets): recorded by id, deleted on failure as the copies.
        const addSheet = async (name: string) => {
          step = `adding the sheet "${name}"`;
          const sheet = sheets.add(name);
          sheet.load('id');
          await context.sync();
          added.push({ id: sheet.id, name });
          return sheet;
        };
        sheets.load('items/name');
        workbook.protection.load('protected');
        const active = options.scope === 'active' ? sheets.getActiveWorksheet() : undefined;
        active?.load('name');
        await context.sync();
        if (workbook.protection.protected) {
          throw new ShareError('protected', 'The workbook structure is protected, so no sheet can be added for the copy. Unprotect it (Review > Protect Workbook) and share again; nothing was changed.');
        }
        const names = sheets.items.map((s) => s.name);
        const candidates = active ? [active.name] : names;
        step = 'reading the sheets';
        const used = candidates.map((name) => {
          const range = sheets.getItem(name).getUsedRangeOrNullObject();
          range.load('address,formulas,values');
          return { name, range };
        });
        await context.sync();
        let sources: SourceSheet[] = used
          .filter((u) => !u.range.isNullObject)
          .map((u) => ({ name: u.name, origin: originOf(u.range.address), formulas: u.range.formulas, values: u.range.values }));
        if (!active) sources = sources.filter(isWattSheet);

        if (spillsKnown) {
          // Formulas that become values: ask Excel which of them spill, and over what.
          step = 'reading spilled tables';
          const asks: { sheet: SourceSheet; ref: string; spill: Excel.Range }[] = [];
          for (const sheet of sources) {
            const origin = parseBlock(sheet.origin ?? 'A1')!;
            sheet.formulas.forEach((row, r) =>
              row.forEach((f, c) => {
                if (typeof f !== 'string' || !f.startsWith('=') || (options.mode === 'native' && !hasWattCall(f))) return;
                const ref = cellRef(origin.top + r, origin.left + c);
                const spill = sheets.getItem(sheet.name).getRange(ref).getSpillingToRangeOrNullObject();
                spill.load('address');
                asks.push({ sheet, ref, spill });
              }),
            );
          }
          await context.sync();
          for (const a of asks) {
            if (a.spill.isNullObject) continue;
            const block = a.spill.address.slice(a.spill.address.lastIndexOf('!') + 1).replace(/\$/g, '');
            if (block.includes(':')) (a.sheet.spills ??= {})[a.ref] = block;
          }
        }

        if (options.mode === 'native') {
          // The sheets' own names (a projection's months is one): the native blocks resolve them to cells.
          step = 'reading the sheets\' names';
          const lists = sources.map((sheet) => {
            const items = sheets.getItem(sheet.name).names;
            items.load('items/name,items/formula');
            return { sheet, items };
          });
          await context.sync();
          for (const { sheet, items } of lists) sheet.names = Object.fromEntries(items.items.map((i) => [i.name.toLowerCase(), i.formula]));
        }

        const plan = planShare(sources, options.mode, names);
        for (const sheet of plan.sheets) {
          step = `copying sheet "${sheet.source}"`;
          const copy = sheets.getItem(sheet.source).copy('End');
          copy.load('id');
          await context.sync();
          added.push({ id: copy.id, name: sheet.name });
          step = `naming the copy "${sheet.name}"`;
          copy.name = sheet.name;
          step = `writing "${sheet.name}"`;
          for (const w of sheet.writes) {
            const range = copy.getRange(w.range);
            if ('formulas' in w) range.formulas = w.formulas;
            else range.values = w.values as (string | number | boolean)[][];
          }
          if (annotations !== 'none') {
            for (const note of sheet.notes) {
              const cell = copy.getRange(note.ref);
              if (annotations === 'notes') workbook.notes.add(cell, note.text);
              else workbook.comments.add(cell, note.text);
            }
          }
          await context.sync();
        }
        if (plan.helper) {
          // The checked inputs of the native formula blocks, on a sheet of their own (deleted on failure, as the copies).
          const helper = await addSheet(plan.helper.name);
          step = `writing "${plan.helper.name}"`;
          // In chunks, one request each: a WATT.PATHS block is ~28,000 formulas, over one request's payload.
          for (const w of plan.helper.writes) {
            if (!('formulas' in w)) continue;
            helper.getRange(w.range).formulas = w.formulas;
            await context.sync();
          }
        }
        if (plan.guards) {
          // The inputs the values depend on, recorded, very hidden (deleted on failure, as the copies).
          const guard = await addSheet(plan.guards.name);
          step = `writing "${plan.guards.name}"`;
          for (const w of plan.guards.writes) if ('formulas' in w) guard.getRange(w.range).formulas = w.formulas;
          guard.visibility = 'VeryHidden' as Excel.SheetVisibility;
          await context.sync();
        }
        step = 'activating the copy';
        sheets.getItem(plan.sheets[0].name).activate();
        await context.sync();
        return {
          mode: plan.mode,
          sheetNames: plan.sheets.map((s) => s.name),
          sources: plan.sheets.map((s) => s.source),
          nativeCells: plan.nativeCells,
          valueCells: plan.valueCells,
          nativeBlocks: plan.nativeBlocks,
          ...(plan.helper ? { helperSheet: plan.helper.name } : {}),
          ...(plan.guards ? { guardSheet: plan.guards.name, guardedCells: plan.guards.cells } : {}),
          annotations,
        };
      });
    } catch (e) {
      if (e instanceof ShareError && e.code !== 'failed') throw e;
      let rollback: string;
      if (added.length > 0) {
        try {
          await removeSheetsById(excel, added.map((a) => a.id));
          rollback = 'the copies it had made were deleted and the workbook is as it was';
        } catch (r) {
          rollback = `deleting the copies it had made also failed (${describe(r)}): delete the sheets ${added.map((a) => `"${a.name}"`).join(', ')} by hand`;
        }
      } else {
        rollback = 'no sheet had been added and the workbook is as it was';
      }
      throw new ShareError('failed', `Could not share: ${describe(e)} while ${step}; ${rollback}.`);
    }
  }
}
