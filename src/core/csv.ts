/**
 * A small RFC 4180 CSV reader for the data files shipped beside Watt (deals, listed miners): fields
 * separated by commas, records by CRLF or LF; a field in double quotes may hold commas, line breaks and
 * doubled quotes ("" is one "). Pure: text in, rows out; malformed input is an error value, not a throw.
 *
 * Truth table (input -> rows):
 *   ''                      -> []
 *   'a,b\n'                 -> [['a','b']]        (a final line break ends the last record)
 *   'a,,b'                  -> [['a','','b']]     (empty fields stay empty)
 *   '"x, y",z'              -> [['x, y','z']]
 *   '"say ""hi"""'          -> [['say "hi"']]
 *   '"open'                 -> #VALUE! unterminated quote
 *   '"a"b'                  -> #VALUE! text after a closing quote
 */
import { Messages, Result, valueError } from './errors';

export function parseCsv(text: string): Result<string[][]> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  // A record in progress: something was read since the last record ended.
  let pending = false;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    rows.push(row);
    row = [];
    pending = false;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // Quoted field: read to the closing quote.
      const start = i;
      i++;
      let closed = false;
      while (i < n) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += text[i++];
      }
      if (!closed) return valueError(Messages.csvUnterminatedQuote(lineOf(text, start)));
      pending = true;
      const next = text[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') return valueError(Messages.csvTextAfterQuote(lineOf(text, i)));
      continue;
    }
    if (c === ',') {
      endField();
      pending = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      pending = true;
      i++;
    }
  }
  if (pending || field !== '') endRecord();
  return rows;
}

/** Records as objects keyed by the header row; a record with a different number of fields is an error. */
export function parseCsvRecords(text: string): Result<Record<string, string>[]> {
  const rows = parseCsv(text);
  if (!Array.isArray(rows)) return rows;
  if (rows.length === 0) return [];
  const [header, ...body] = rows;
  const records: Record<string, string>[] = [];
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    if (row.length === 1 && row[0] === '') continue; // blank line
    if (row.length !== header.length) return valueError(Messages.csvFieldCount(r + 2, header.length, row.length));
    records.push(Object.fromEntries(header.map((name, k) => [name, row[k]])));
  }
  return records;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let k = 0; k < index; k++) if (text[k] === '\n') line++;
  return line;
}
