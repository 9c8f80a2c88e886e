/**
 * Links to other workbooks survive `watt recalc`. ExcelJS does not read a file's externalLink parts and
 * writes none, so a formula `[1]Sheet1!A1` would point at nothing in the file it writes. keepExternalLinks
 * copies the input's externalLink parts (with their relationships, which hold the other workbook's path,
 * and the cached values Excel shows when the other workbook is closed) into the output, relates them to
 * the workbook in the same order (so `[1]` is still the first link) and declares their content type.
 */
import JSZip from 'jszip';

const LINK_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml';

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The output bytes with the input's external links restored; the output as it is when the input has none. */
export async function keepExternalLinks(input: Uint8Array | ArrayBuffer, output: Uint8Array): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(input);
  const text = async (zip: JSZip, p: string) => (await zip.file(p)?.async('string')) ?? '';
  const workbook = await text(src, 'xl/workbook.xml');
  const rels = await text(src, 'xl/_rels/workbook.xml.rels');
  const relTargets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => [attr(m[0], 'Id'), { type: attr(m[0], 'Type') ?? '', target: attr(m[0], 'Target') ?? '' }]));
  // The links in their order: [1] is the first <externalReference>.
  const links = [...(/<(?:\w+:)?externalReferences\b[^>]*>([\s\S]*?)<\/(?:\w+:)?externalReferences>/.exec(workbook)?.[1] ?? '').matchAll(/<(?:\w+:)?externalReference\b[^>]*>/g)]
    .map((m) => relTargets.get(attr(m[0], 'r:id')))
    .filter((r): r is { type: string; target: string } => !!r && /externalLink$/.test(r.type));
  if (links.length === 0) return output;

  const out = await JSZip.loadAsync(output);
  let outWorkbook = await text(out, 'xl/workbook.xml');
  if (/<(?:\w+:)?externalReferences\b/.test(outWorkbook)) return output;
  let outRels = await text(out, 'xl/_rels/workbook.xml.rels');
  let types = await text(out, '[Content_Types].xml');
  const ids: string[] = [];
  for (const [i, link] of links.entries()) {
    const part = link.target.startsWith('/') ? link.target.slice(1) : `xl/${link.target}`;
    const data = await src.file(part)?.async('uint8array');
    if (!data) continue;
    out.file(part, data);
    const slash = part.lastIndexOf('/');
    const relsPart = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
    const partRels = await src.file(relsPart)?.async('uint8array');
    if (partRels) out.file(relsPart, partRels);
    const id = `rIdWattLink${i + 1}`;
    ids.push(id);
    outRels = outRels.replace(/<\/Relationships>\s*$/, `<Relationship Id="${id}" Type="${link.type}" Target="${link.target}"/></Relationships>`);
    if (!types.includes(`PartName="/${part}"`)) types = types.replace(/<\/Types>\s*$/, `<Override PartName="/${part}" ContentType="${LINK_TYPE}"/></Types>`);
  }
  if (ids.length === 0) return output;
  const refs = `<externalReferences>${ids.map((id) => `<externalReference r:id="${id}"/>`).join('')}</externalReferences>`;
  // Schema order: sheets, functionGroups?, externalReferences, definedNames...
  outWorkbook = /<\/sheets>/.test(outWorkbook) ? outWorkbook.replace(/<\/sheets>/, `</sheets>${refs}`) : outWorkbook;
  if (!/xmlns:r="/.test(outWorkbook)) outWorkbook = outWorkbook.replace(/<workbook\b/, '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');
  out.file('xl/workbook.xml', outWorkbook);
  out.file('xl/_rels/workbook.xml.rels', outRels);
  out.file('[Content_Types].xml', types);
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
