/**
 * Just enough of a PDF reader to check LibreOffice's printouts without pdftotext: the pages in order,
 * and the text each shows. Reads the PDFs LibreOffice writes (uncompressed object table, Flate-
 * compressed content streams, embedded subset fonts with ToUnicode maps, text drawn with Tj/TJ); not a
 * general PDF parser (no object streams, no encryption, no Type3 fonts). Node's zlib only.
 */
import * as zlib from 'zlib';

export interface PdfPage {
  /** MediaBox width and height in points. */
  width: number;
  height: number;
  /** The text the page shows, in drawing order, one string per text-showing operator. */
  texts: string[];
  /** The font size each text is drawn at, in points on the page (the cell's size times the print scale). */
  sizes: number[];
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(data: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const text = data.toString('latin1');
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    if (s >= 0 && /^\s*<</.test(body)) {
      const dict = body.slice(0, s);
      let from = start + s + 'stream'.length;
      if (text[from] === '\r') from++;
      if (text[from] === '\n') from++;
      const lengthMatch = /\/Length (\d+)(?: 0 R)?/.exec(dict);
      let raw: Buffer;
      const stop = text.indexOf('endstream', from);
      raw = data.subarray(from, stop);
      if (lengthMatch && !/\/Length \d+ 0 R/.test(dict)) raw = data.subarray(from, from + Number(lengthMatch[1]));
      const stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : raw;
      objects.set(Number(m[1]), { dict, stream });
    } else {
      objects.set(Number(m[1]), { dict: body });
    }
    re.lastIndex = end;
  }
  return objects;
}

/** A ToUnicode CMap: code (hex) → text. */
function parseCMap(cmap: string): { map: Map<string, string>; width: number } {
  const map = new Map<string, string>();
  const hexText = (hex: string) => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return out;
  };
  let width = 2;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) {
      map.set(code.toUpperCase(), hexText(uni));
      width = code.length;
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      width = lo.length;
      const base = parseInt(uni, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) map.set(c.toString(16).toUpperCase().padStart(lo.length, '0'), String.fromCharCode(base + c - parseInt(lo, 16)));
    }
  }
  return { map, width };
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s*(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** The inline or referenced dictionary under a key (e.g. /Font), as text. */
function subDict(objects: Map<number, PdfObject>, dict: string, key: string): string | undefined {
  const r = ref(dict, key);
  if (r !== undefined) return objects.get(r)?.dict;
  const at = dict.indexOf(`/${key}`);
  if (at < 0) return undefined;
  const open = dict.indexOf('<<', at);
  let depth = 0;
  for (let i = open; i < dict.length - 1; i++) {
    if (dict.startsWith('<<', i)) { depth++; i++; } else if (dict.startsWith('>>', i)) { depth--; i++; if (depth === 0) return dict.slice(open, i + 1); }
  }
  return undefined;
}

/** Decodes a PDF string operand (hex <...> or literal (...)) with a font's map. */
function decode(operand: string, font: { map: Map<string, string>; width: number } | undefined): string {
  if (operand.startsWith('<')) {
    const hex = operand.slice(1, -1).replace(/\s+/g, '').toUpperCase();
    if (!font) return '';
    let out = '';
    for (let i = 0; i < hex.length; i += font.width) out += font.map.get(hex.slice(i, i + font.width)) ?? '';
    return out;
  }
  const body = operand.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' || e === 'f' ? '' : e));
  if (!font || font.map.size === 0) return body;
  let out = '';
  for (const ch of body) out += font.map.get(ch.charCodeAt(0).toString(16).toUpperCase().padStart(font.width, '0')) ?? ch;
  return out;
}

/** Pages of a PDF (in the order of the page tree) and the text each shows. */
export function readPdf(data: Buffer): PdfPage[] {
  const objects = readObjects(data);
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  if (!catalog) throw new Error('no catalog in the PDF');
  const pageIds: number[] = [];
  const walk = (id: number) => {
    const o = objects.get(id);
    if (!o) return;
    if (/\/Type\s*\/Pages/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '';
      for (const [, k] of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k));
    } else if (/\/Type\s*\/Page\b/.test(o.dict)) pageIds.push(id);
  };
  walk(ref(catalog.dict, 'Pages')!);
  const fontCache = new Map<number, { map: Map<string, string>; width: number }>();
  return pageIds.map((id) => {
    const page = objects.get(id)!;
    const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(page.dict)!;
    const resources = subDict(objects, page.dict, 'Resources') ?? '';
    const fontDict = subDict(objects, resources, 'Font') ?? '';
    const fonts = new Map<string, { map: Map<string, string>; width: number }>();
    for (const [, name, fid] of fontDict.matchAll(/\/([A-Za-z0-9_.+-]+)\s*(\d+) 0 R/g)) {
      const fontId = Number(fid);
      if (!fontCache.has(fontId)) {
        const tu = ref(objects.get(fontId)?.dict ?? '', 'ToUnicode');
        const cmap = tu !== undefined ? objects.get(tu)?.stream?.toString('latin1') : undefined;
        fontCache.set(fontId, cmap ? parseCMap(cmap) : { map: new Map(), width: 1 });
      }
      fonts.set(name, fontCache.get(fontId)!);
    }
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict)?.[1] ?? /\/Contents\s*(\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
    const stream = [...contents.matchAll(/(\d+) 0 R/g)].map(([, c]) => objects.get(Number(c))?.stream?.toString('latin1') ?? '').join('\n');
    const texts: string[] = [];
    const sizes: number[] = [];
    let font: { map: Map<string, string>; width: number } | undefined;
    let size = 0;
    const token = /\/([A-Za-z0-9_.+-]+)\s+([-\d.]+)\s+Tf|(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*Tj|\[((?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ/g;
    for (const m of stream.matchAll(token)) {
      if (m[1] !== undefined) {
        font = fonts.get(m[1]);
        size = Number(m[2]);
        continue;
      }
      sizes.push(size);
      if (m[3] !== undefined) texts.push(decode(m[3], font));
      else if (m[4] !== undefined) texts.push([...m[4].matchAll(/<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)/g)].map(([s]) => decode(s, font)).join(''));
    }
    return { width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]), texts, sizes };
  });
}
