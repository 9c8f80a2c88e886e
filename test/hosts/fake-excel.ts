/**
 * A small in-memory Excel for the template adapter's tests, on office-addin-mock: `Excel.run` and
 * `Office.context.requirements` are OfficeMockObjects, workbook protection is an OfficeMockObject whose
 * property must be loaded and synced before it is read (as in Office.js). Writes are queued on proxies
 * and applied in order at `context.sync()`; an injected failure stops the batch at that operation, the
 * earlier ones staying applied, as Excel does.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { cellRef, parseBlock } from '../../src/templates/plan';

export interface FakeCell {
  value?: unknown;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  wrapText?: boolean;
  /** Rows fitted to their content (autofitRows) after the widths were set. */
  autofitRows?: boolean;
  /** A data validation rule and its error alert (choice inputs). */
  validation?: unknown;
  validationAlert?: unknown;
  /** A cell note (ExcelApi 1.18) and a threaded comment (ExcelApi 1.10). */
  note?: string;
  comment?: string;
  /** Border settings written, "EdgeTop style Continuous", ... in order. */
  borders?: string[];
  /** Range.merge: the block merged from this cell ("A3:G3"). */
  merged?: string;
  /** Height of the cell's row (format.rowHeight), points, and its vertical alignment. */
  rowHeight?: number;
  verticalAlignment?: string;
}
/** A chart as the adapter built it. */
export interface FakeChart {
  type: string;
  source: string;
  seriesBy: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  categories?: string;
  /** Each series' x values (an XY scatter), by series index. */
  xValues?: string[];
  position?: string;
  width?: number;
  height?: number;
}
export interface FakeSheet {
  /** Excel's worksheet id (a GUID in Excel), unique and kept through a rename. */
  id?: string;
  name: string;
  charts?: FakeChart[];
  cells: Record<string, FakeCell>;
  names: Record<string, { ref: string; comment?: string }>;
  widths: Record<string, number>;
  freeze?: string;
  /** Spilled formulas: anchor → block (what Range.getSpillingToRangeOrNullObject answers). */
  spills?: Record<string, string>;
  /** Worksheet.visibility, when set ("Visible" when absent). */
  visibility?: string;
  /**
   * Worksheet.pageLayout as written (ExcelApi 1.9): its properties ("orientation", "zoom", margins...),
   * "printArea", "printTitleRows", "printTitleColumns", "leftFooter", "rightFooter".
   */
  page?: Record<string, unknown>;
}
export interface FakeWorkbookState {
  sheets: FakeSheet[];
  active?: string;
}

export type Op =
  | { kind: 'add'; sheet: string; onAdded?: (id: string) => void }
  | { kind: 'set'; sheet: string; address: string; prop: keyof FakeCell | 'columnWidth'; value: unknown }
  | { kind: 'name'; sheet: string; name: string; address: string; comment?: string }
  | { kind: 'freeze'; sheet: string; how: string }
  | { kind: 'activate'; sheet: string }
  | { kind: 'chart'; sheet: string; chart: FakeChart }
  | { kind: 'delete'; sheet: string; id?: string }
  | { kind: 'copy'; sheet: string; onAdded?: (id: string, name: string) => void }
  | { kind: 'rename'; sheet: string; to: string }
  | { kind: 'visibility'; sheet: string; value: string }
  | { kind: 'note' | 'comment'; sheet: string; address: string; text: string }
  | { kind: 'page'; sheet: string; prop: string; value: unknown };

export class FakeExcel {
  state: FakeWorkbookState;
  protectedStructure = false;
  /** ExcelApi minor version supported (1.x). */
  apiVersion = 17;
  failOn?: (op: Op) => boolean;
  failDeletes = false;
  runs = 0;
  readonly applied: Op[] = [];
  /** A formula cell's value as Excel would compute it (none by default: the used range shows "" there). */
  calculate?: (sheet: string, ref: string, formula: string) => unknown;
  /** Called at the start of every context.sync(), before its queue is applied: "someone else" edits the workbook here. */
  beforeSync?: (fake: FakeExcel) => void;
  private nextId = 1;

  constructor(sheets: FakeSheet[]) {
    this.state = { sheets };
    for (const s of sheets) s.id ??= this.newId();
  }

  newId(): string {
    return `{00000000-0000-0000-0000-${String(this.nextId++).padStart(12, '0')}}`;
  }

  /** A sheet added by someone else (another user, a macro), as Excel would. */
  addByOther(name: string): FakeSheet {
    const sheet = { ...FakeExcel.sheet(name), id: this.newId() };
    this.state.sheets.push(sheet);
    return sheet;
  }

  findByKey(key: string): FakeSheet | undefined {
    return this.state.sheets.find((s) => s.id === key) ?? this.find(key);
  }

  static sheet(name: string, cells: Record<string, FakeCell> = {}): FakeSheet {
    return { name, cells, names: {}, widths: {} };
  }

  find(name: string): FakeSheet | undefined {
    return this.state.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** A deep copy of the workbook, to compare before and after. */
  snapshot(): FakeWorkbookState {
    return JSON.parse(JSON.stringify(this.state));
  }

  private apply(op: Op): void {
    if (this.failOn?.(op)) {
      const e = new Error(`The argument is invalid or missing or has an incorrect format (${op.kind}).`) as Error & { code: string };
      e.code = 'InvalidArgument';
      throw e;
    }
    if (op.kind === 'delete' && this.failDeletes) throw new Error('delete refused');
    switch (op.kind) {
      case 'add':
        if (this.find(op.sheet)) throw Object.assign(new Error(`A resource with the same name or identifier already exists: ${op.sheet}`), { code: 'ItemAlreadyExists' });
      {
        const sheet = { ...FakeExcel.sheet(op.sheet), id: this.newId() };
        this.state.sheets.push(sheet);
        op.onAdded?.(sheet.id);
        break;
      }
      case 'copy': {
        // Excel's Worksheet.copy: everything on the sheet, its names re-scoped to the copy, under "Name (2)".
        const from = this.need(op.sheet);
        let n = 2;
        while (this.find(`${from.name} (${n})`)) n++;
        const sheet: FakeSheet = { ...JSON.parse(JSON.stringify({ ...from, id: undefined })), name: `${from.name} (${n})`, id: this.newId() };
        this.state.sheets.push(sheet);
        op.onAdded?.(sheet.id!, sheet.name);
        break;
      }
      case 'visibility':
        this.need(op.sheet).visibility = op.value;
        break;
      case 'rename': {
        const sheet = this.need(op.sheet);
        if (this.find(op.to) && this.find(op.to) !== sheet) throw Object.assign(new Error(`A resource with the same name or identifier already exists: ${op.to}`), { code: 'ItemAlreadyExists' });
        sheet.name = op.to;
        break;
      }
      case 'note':
      case 'comment': {
        const cell = (this.need(op.sheet).cells[op.address] ??= {});
        cell[op.kind] = op.text;
        break;
      }
      case 'delete':
        this.state.sheets = this.state.sheets.filter((s) => (op.id ? s.id !== op.id : s.name !== op.sheet));
        break;
      case 'activate':
        this.state.active = op.sheet;
        break;
      case 'chart': {
        const sheet = this.need(op.sheet);
        sheet.charts = [...(sheet.charts ?? []), op.chart];
        break;
      }
      case 'freeze':
        this.need(op.sheet).freeze = op.how;
        break;
      case 'page': {
        const sheet = this.need(op.sheet);
        (sheet.page ??= {})[op.prop] = op.value;
        break;
      }
      case 'name':
        this.need(op.sheet).names[op.name] = { ref: op.address, ...(op.comment ? { comment: op.comment } : {}) };
        break;
      case 'set': {
        const sheet = this.need(op.sheet);
        if (op.prop === 'columnWidth') {
          sheet.widths[op.address] = op.value as number;
          break;
        }
        // A whole row ("7:7") or column ("AB:AB") as Excel addresses it.
        const rows = /^(\d+):(\d+)$/.exec(op.address);
        if (rows && (op.prop === 'rowHeight' || op.prop === 'verticalAlignment')) {
          (sheet.cells[`A${rows[1]}`] ??= {})[op.prop as 'rowHeight'] = op.value as never;
          break;
        }
        const block = parseBlock(op.address)!;
        if (op.prop === 'merged') {
          (sheet.cells[cellRef(block.top, block.left)] ??= {}).merged = op.address;
          break;
        }
        for (let r = block.top; r <= block.bottom; r++) {
          for (let c = block.left; c <= block.right; c++) {
            const ref = cellRef(r, c);
            const v = Array.isArray(op.value) ? (op.value as unknown[][])[r - block.top][c - block.left] : op.value;
            const cell = (sheet.cells[ref] ??= {});
            if (op.prop === 'borders') (cell.borders ??= []).push(v as string);
            else (cell as Record<string, unknown>)[op.prop] = v;
          }
        }
        break;
      }
    }
    this.applied.push(op);
  }

  private need(name: string): FakeSheet {
    const s = this.find(name);
    if (!s) throw Object.assign(new Error(`The requested resource doesn't exist: ${name}`), { code: 'ItemNotFound' });
    return s;
  }

  /** The `Excel` and `Office` namespaces the adapter receives. */
  hosts(): { excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> }; office: { context: { requirements: { isSetSupported(name: string, v?: string): boolean } } } } {
    const fake = this;
    const excel = new OfficeMockObject({
      run: async function (batch: (context: unknown) => Promise<unknown>) {
        fake.runs += 1;
        return batch(fake.context());
      },
    }) as unknown as { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> };
    const office = new OfficeMockObject({
      context: {
        requirements: {
          isSetSupported: (name: string, v?: string) => name === 'ExcelApi' && Number((v ?? '1.1').split('.')[1]) <= fake.apiVersion,
        },
      },
    }) as unknown as { context: { requirements: { isSetSupported(name: string, v?: string): boolean } } };
    return { excel, office };
  }

  private context(): Excel.RequestContext {
    const fake = this;
    const queue: Op[] = [];
    const protection = new OfficeMockObject({ protected: fake.protectedStructure }) as unknown as { load(p: string): void; sync(): Promise<void>; protected: boolean };
    let itemsLoaded = false;
    let items: unknown[] | undefined;
    const resolvers: (() => void)[] = [];

    const range = (sheet: string, address: string) => {
      const set = (prop: Op extends infer T ? (T extends { prop: infer P } ? P : never) : never, value: unknown) => queue.push({ kind: 'set', sheet, address, prop, value } as Op);
      return {
        address,
        sheet,
        set values(v: unknown) { set('value', v); },
        set formulas(v: unknown) { set('formula', v); },
        set numberFormat(v: unknown) { set('numberFormat', v); },
        merge(across?: boolean) { set('merged', across ?? false); },
        dataValidation: {
          set rule(v: unknown) { set('validation', v); },
          set errorAlert(v: unknown) { set('validationAlert', v); },
        },
        format: {
          fill: { set color(v: string) { set('fill', v); } },
          font: {
            set color(v: string) { set('fontColor', v); },
            set bold(v: boolean) { set('bold', v); },
            set italic(v: boolean) { set('italic', v); },
            set size(v: number) { set('size', v); },
          },
          set columnWidth(v: number) { set('columnWidth', v); },
          set wrapText(v: boolean) { set('wrapText', v); },
          set rowHeight(v: number) { set('rowHeight', v); },
          set verticalAlignment(v: string) { set('verticalAlignment', v); },
          autofitRows() { set('autofitRows', true); },
          borders: {
            getItem: (edge: string) => ({
              set style(v: string) { set('borders', `${edge} style ${v}`); },
              set weight(v: string) { set('borders', `${edge} weight ${v}`); },
              set color(v: string) { set('borders', `${edge} color ${v}`); },
            }),
          },
        },
      };
    };
    /** A result read at the next sync (load, then sync, then read), with isNullObject. */
    const later = <T extends object>(read: () => T | undefined) => {
      let value: T | undefined;
      let synced = false;
      resolvers.push(() => {
        value = read();
        synced = true;
      });
      const get = (prop: string) => {
        if (!synced) throw Object.assign(new Error(`The property ${prop} is not available: call load and sync first.`), { code: 'PropertyNotLoaded' });
        if (prop === 'isNullObject') return value === undefined;
        if (value === undefined) throw Object.assign(new Error('The object is a null object.'), { code: 'InvalidObjectPath' });
        return (value as Record<string, unknown>)[prop];
      };
      return new Proxy({ load: () => undefined } as Record<string, unknown>, { get: (t, prop: string) => (prop in t ? t[prop] : get(prop)) });
    };
    const usedRange = (sheetName: () => string) =>
      later(() => {
        const sheet = fake.find(sheetName());
        const refs = Object.entries(sheet?.cells ?? {}).filter(([, c]) => c.formula !== undefined || (c.value !== undefined && c.value !== null && c.value !== ''));
        if (!sheet || refs.length === 0) return undefined;
        // Spilled cells are in the used range, showing what the formula computes (`calculate`).
        const spilled = new Set<string>();
        for (const block of Object.values(sheet.spills ?? {})) {
          const b = parseBlock(block)!;
          for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) spilled.add(cellRef(r, c));
        }
        const blocks = [...refs.map(([ref]) => parseBlock(ref)!), ...Object.values(sheet.spills ?? {}).map((b) => parseBlock(b)!)];
        const top = Math.min(...blocks.map((b) => b.top));
        const left = Math.min(...blocks.map((b) => b.left));
        const bottom = Math.max(...blocks.map((b) => b.bottom));
        const right = Math.max(...blocks.map((b) => b.right));
        const grid = (pick: (c: FakeCell) => unknown) =>
          Array.from({ length: bottom - top + 1 }, (_, r) => Array.from({ length: right - left + 1 }, (_, c) => {
            const cell = sheet.cells[cellRef(top + r, left + c)];
            return cell ? (pick(cell) ?? '') : '';
          }));
        const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet.name) ? sheet.name : `'${sheet.name.replace(/'/g, "''")}'`;
        const values = Array.from({ length: bottom - top + 1 }, (_, r) => Array.from({ length: right - left + 1 }, (_, c) => {
          const ref = cellRef(top + r, left + c);
          const cell = sheet.cells[ref];
          const v = cell?.value ?? (cell?.formula !== undefined ? fake.calculate?.(sheet.name, ref, cell.formula) : spilled.has(ref) ? fake.calculate?.(sheet.name, ref, '') : undefined);
          return v ?? '';
        }));
        return { address: `${quoted}!${cellRef(top, left)}:${cellRef(bottom, right)}`, formulas: grid((c) => c.formula ?? c.value), values };
      });
    const spilling = (sheetName: string, address: string) =>
      later(() => {
        const block = fake.find(sheetName)?.spills?.[address];
        return block ? { address: `${sheetName}!${block}` } : undefined;
      });
    const worksheet = (initialName: string, knownId?: string) => {
      let id = knownId;
      let idLoaded = knownId !== undefined;
      let name = initialName;
      let nameLoaded = true;
      const ws = {
      get name(): string {
        if (!nameLoaded) throw Object.assign(new Error('The property name is not available: call load and sync first.'), { code: 'PropertyNotLoaded' });
        return name;
      },
      set visibility(value: string) {
        queue.push({ kind: 'visibility', sheet: name, value });
      },
      /** Renaming: queued, applied at sync (by the name the sheet has then). */
      set name(to: string) {
        queue.push({ kind: 'rename', sheet: name, to });
        name = to;
      },
      load(props: string) {
        if (props === 'name') {
          resolvers.push(() => {
            name = fake.findByKey(id ?? name)?.name ?? (fake.state.active ?? name);
            nameLoaded = true;
          });
          return;
        }
        if (props !== 'id') throw new Error(`unexpected load ${props}`);
        idLoaded = true;
      },
      setName(v: string) {
        name = v;
      },
      copy: (position: string) => {
        if (position !== 'End') throw new Error(`unexpected copy position ${position}`);
        const copy = worksheet('(copy not synced)');
        queue.push({ kind: 'copy', sheet: name, onAdded: (newId, newName) => { copy.setId(newId); copy.setName(newName); } });
        return copy;
      },
      getUsedRangeOrNullObject: () => usedRange(() => name),
      get id(): string {
        if (!idLoaded || id === undefined) throw Object.assign(new Error('The property id is not available: call load and sync first.'), { code: 'PropertyNotLoaded' });
        return id;
      },
      setId(v: string) {
        id = v;
      },
      getRange: (address: string) => Object.assign(range(name, address), { getSpillingToRangeOrNullObject: () => spilling(name, address) }),
      getRangeByIndexes: (r: number, c: number, rows: number, cols: number) => range(name, `${cellRef(r, c)}:${cellRef(r + rows - 1, c + cols - 1)}`),
      names: {
        add: (n: string, rg: { address: string }, comment?: string) => queue.push({ kind: 'name', sheet: name, name: n, address: rg.address, comment }),
        /** The sheet's names as Excel lists them (NamedItem.name, NamedItem.formula "=Sheet!$B$4"), after load and sync. */
        items: undefined as { name: string; formula: string }[] | undefined,
        load(props: string) {
          if (props !== 'items/name,items/formula') throw new Error(`unexpected names load ${props}`);
          resolvers.push(() => {
            const sheet = fake.findByKey(id ?? name);
            ws.names.items = Object.entries(sheet?.names ?? {}).map(([n, v]) => {
              const local = v.ref.slice(v.ref.lastIndexOf('!') + 1).replace(/\$/g, '').replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
              return { name: n, formula: `='${(sheet?.name ?? name).replace(/'/g, "''")}'!${local}` };
            });
          });
        },
      },
      freezePanes: {
        freezeRows: (n: number) => queue.push({ kind: 'freeze', sheet: name, how: `rows:${n}` }),
        freezeColumns: (n: number) => queue.push({ kind: 'freeze', sheet: name, how: `columns:${n}` }),
        freezeAt: (rg: { address: string }) => queue.push({ kind: 'freeze', sheet: name, how: `at:${rg.address}` }),
      },
      activate: () => queue.push({ kind: 'activate', sheet: name }),
      pageLayout: (() => {
        const page = (prop: string, value: unknown) => queue.push({ kind: 'page', sheet: name, prop, value });
        const layout: Record<string, unknown> = {
          setPrintArea: (area: string) => page('printArea', area),
          setPrintTitleRows: (rows: string) => page('printTitleRows', rows),
          setPrintTitleColumns: (cols: string) => page('printTitleColumns', cols),
          headersFooters: { defaultForAllPages: { set leftFooter(v: string) { page('leftFooter', v); }, set rightFooter(v: string) { page('rightFooter', v); } } },
        };
        for (const prop of ['orientation', 'paperSize', 'zoom', 'leftMargin', 'rightMargin', 'topMargin', 'bottomMargin', 'headerMargin', 'footerMargin', 'centerHorizontally', 'printGridlines']) {
          Object.defineProperty(layout, prop, { set: (v: unknown) => page(prop, v) });
        }
        return layout;
      })(),
      charts: {
        // Properties set before the sync land on the queued chart, as Office.js batches them.
        add: (type: string, rg: { address: string }, seriesBy: string) => {
          const chart: FakeChart = { type, source: rg.address, seriesBy };
          queue.push({ kind: 'chart', sheet: name, chart });
          return {
            title: { set text(v: string) { chart.title = v; } },
            axes: {
              categoryAxis: { setCategoryNames: (r: { address: string }) => { chart.categories = r.address; }, title: { set text(v: string) { chart.xTitle = v; } } },
              valueAxis: { title: { set text(v: string) { chart.yTitle = v; } } },
            },
            series: { getItemAt: (k: number) => ({ setXAxisValues: (r: { address: string }) => { (chart.xValues ??= [])[k] = r.address; } }) },
            setPosition: (start: string) => { chart.position = start; },
            set width(v: number) { chart.width = v; },
            set height(v: number) { chart.height = v; },
          };
        },
      },
      delete: () => queue.push({ kind: 'delete', sheet: name, ...(id ? { id } : {}) }),
      };
      return ws;
    };
    const worksheets = {
      load(props: string) {
        if (props !== 'items/name') throw new Error(`unexpected load ${props}`);
        itemsLoaded = true;
      },
      get items() {
        if (!items) throw Object.assign(new Error('The property items is not available: call load and sync first.'), { code: 'PropertyNotLoaded' });
        return items;
      },
      add: (name: string) => {
        const ws = worksheet(name);
        queue.push({ kind: 'add', sheet: name, onAdded: (id) => ws.setId(id) });
        return ws;
      },
      getItem: (name: string) => worksheet(name),
      getActiveWorksheet: () => {
        const ws = worksheet(fake.state.active ?? fake.state.sheets[0].name);
        return ws;
      },
      /** By name or id, as Office.js; isNullObject is known after the next sync. */
      getItemOrNullObject: (key: string) => {
        let found: FakeSheet | undefined;
        let synced = false;
        resolvers.push(() => {
          found = fake.findByKey(key);
          synced = true;
        });
        const ws = worksheet(key);
        Object.defineProperty(ws, 'isNullObject', {
          get() {
            if (!synced) throw Object.assign(new Error('isNullObject is not available: call sync first.'), { code: 'PropertyNotLoaded' });
            return !found;
          },
        });
        ws.delete = () => {
          if (!found) throw Object.assign(new Error("The requested resource doesn't exist."), { code: 'ItemNotFound' });
          return queue.push({ kind: 'delete', sheet: found.name, id: found.id });
        };
        return ws as typeof ws & { isNullObject: boolean };
      },
    };
    return {
      workbook: {
        worksheets,
        protection,
        notes: { add: (rg: { address: string; sheet?: string }, text: string) => queue.push({ kind: 'note', sheet: rg.sheet!, address: rg.address, text }) },
        comments: { add: (rg: { address: string; sheet?: string }, text: string) => queue.push({ kind: 'comment', sheet: rg.sheet!, address: rg.address, text }) },
      },
      sync: async () => {
        fake.beforeSync?.(fake);
        await protection.sync();
        const ops = queue.splice(0);
        for (const op of ops) fake.apply(op);
        for (const r of resolvers.splice(0)) r();
        if (itemsLoaded) items = fake.state.sheets.map((s) => worksheet(s.name, s.id));
      },
    } as unknown as Excel.RequestContext;
  }
}
