/**
 * The values LibreOffice saved in an .xlsx, read from the sheet XML by sheet name and cell (ExcelJS reads
 * an error in a cell formatted `$#,##0.0,,"M"` as an invalid Date): a number, {error}, a boolean or text.
 */
import JSZip from 'jszip';

export async function savedValues(bytes: Buffer): Promise<Map<string, Map<string, unknown>>> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (p: string) => (await zip.file(p)?.async('string')) ?? '';
  const decode = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const shared = [...(await text('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => decode([...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join('')));
  const rels = new Map([...(await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b[^>]*>/g)].map((m) => [/Id="([^"]+)"/.exec(m[0])?.[1], /Target="([^"]+)"/.exec(m[0])?.[1]]));
  const out = new Map<string, Map<string, unknown>>();
  for (const m of (await text('xl/workbook.xml')).matchAll(/<sheet\b[^>]*>/g)) {
    const target = rels.get(/r:id="([^"]+)"/.exec(m[0])?.[1]);
    if (!target) continue;
    const cells = new Map<string, unknown>();
    for (const c of (await text(target.startsWith('/') ? target.slice(1) : `xl/${target}`)).matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+\d+)"/.exec(c[1])?.[1];
      const type = /\bt="([^"]*)"/.exec(c[1])?.[1] ?? 'n';
      const v = c[2] ? /<v>([^<]*)<\/v>/.exec(c[2])?.[1] : undefined;
      if (!ref || v === undefined) continue;
      cells.set(ref, type === 'n' ? Number(v) : type === 'e' ? { error: v } : type === 'b' ? v === '1' : type === 's' ? shared[Number(v)] : decode(v));
    }
    out.set(decode(/name="([^"]*)"/.exec(m[0])?.[1] ?? ''), cells);
  }
  return out;
}
