/**
 * Copy and paste as tab-separated text, the format Excel, LibreOffice and Google Sheets put on the
 * clipboard and read from it: rows end with a line break (CRLF from Excel), cells are separated by
 * tabs, and a cell holding a tab, a line break or a quote is quoted ("..." with "" for a quote).
 *
 * Copied cells carry their value, not their formula: numbers to full precision (not as shown, which
 * may be rounded or scaled to $M), dates as yyyy-mm-dd, percentages with %, errors as their code, so a
 * block pasted into Excel or back into the workbench holds the same numbers.
 */
import { isDateFormat, formatValue } from './numfmt';
import type { CellView } from './model';

/** The cells of tab-separated text, as a rectangle (short rows padded with empty cells). */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  let fieldStart = true;
  let field = '';
  const endField = () => {
    row.push(field);
    field = '';
    fieldStart = true;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i];
    if (fieldStart && ch === '"') {
      // A quoted field only when a closing quote ends it (before a tab, a line break or the end);
      // otherwise the quote is part of the text, as Excel reads it.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          const after = text[j + 1];
          if (after === undefined || after === '\t' || after === '\n' || after === '\r') closed = true;
          break;
        }
        value += text[j++];
      }
      if (closed) {
        field = value;
        i = j + 1;
        fieldStart = false;
        continue;
      }
    }
    fieldStart = false;
    if (ch === '\t') {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  // The line break after the last row ends it; a text without one ends with its last row.
  if (!(fieldStart && row.length === 0 && field === '' && rows.length > 0 && /[\r\n]$/.test(text))) {
    if (text.length > 0) endRow();
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => (r.length < width ? [...r, ...Array(width - r.length).fill('')] : r));
}

/** A cell's text in tab-separated text: quoted when it holds a tab, a line break or a quote. */
function quote(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of texts as tab-separated text, each row ending with CRLF (as Excel writes it). */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join('\t') + '\r\n').join('');
}

/** The text a copied cell carries: its value at full precision, read back the same by Excel and the workbench. */
export function copyText(view: CellView): string {
  if (view.kind === 'error') return view.error?.code ?? view.text;
  if (view.kind === 'boolean') return view.value ? 'TRUE' : 'FALSE';
  if (view.kind !== 'number') return view.value === null ? '' : String(view.value);
  const n = view.value as number;
  const fmt = view.format?.format;
  if (isDateFormat(fmt)) return formatValue(n, Number.isInteger(n) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss');
  if (fmt && /%/.test(fmt.replace(/"[^"]*"/g, ''))) return `${String(Number((n * 100).toPrecision(15)))}%`;
  return String(Number(n.toPrecision(15)));
}
