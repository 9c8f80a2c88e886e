/**
 * The manifest, checked locally (office-addin-manifest validate needs the internet): read with
 * office-addin-manifest's own reader, then walked with xml2js for the details Excel relies on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { parseStringPromise } from 'xml2js';

const MANIFEST = path.resolve(__dirname, '..', '..', 'manifest.xml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

/** Every element in document order, with its tag, for searches by tag anywhere in the tree. */
function walk(node: Node, tag = 'root', out: { tag: string; node: Node }[] = []): { tag: string; node: Node }[] {
  if (node === null || typeof node !== 'object') return out;
  out.push({ tag, node });
  for (const [key, value] of Object.entries(node)) {
    if (key === '$' || key === '_') continue;
    for (const child of Array.isArray(value) ? value : [value]) walk(child, key, out);
  }
  return out;
}

let doc: Node;
let elements: { tag: string; node: Node }[];

beforeAll(async () => {
  doc = await parseStringPromise(fs.readFileSync(MANIFEST, 'utf8'));
  elements = walk(doc);
});

test('office-addin-manifest reads it as an Excel task-pane add-in', async () => {
  const info = await OfficeAddinManifest.readManifestFile(MANIFEST);
  expect(info.officeAppType).toBe('TaskPaneApp');
  expect(info.hosts).toEqual(['Workbook']);
  expect(info.displayName).toBe('Watt');
  expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(info.defaultSettings?.sourceLocation).toBe('https://localhost:3000/taskpane.html');
});

test('the custom functions namespace is WATT', () => {
  const strings = elements.filter((e) => e.tag === 'bt:String').map((e) => e.node.$);
  const nsRes = elements.find((e) => e.tag === 'Namespace')!.node.$.resid;
  expect(strings.find((s) => s.id === nsRes).DefaultValue).toBe('WATT');
});

test('requirement sets: shared runtime and custom functions runtime 1.1', () => {
  const sets = elements.filter((e) => e.tag === 'Set').map((e) => `${e.node.$.Name} ${e.node.$.MinVersion}`);
  expect(sets.sort()).toEqual(['CustomFunctionsRuntime 1.1', 'SharedRuntime 1.1']);
});

test('a shared runtime with a long lifetime serves the functions and the pane', () => {
  const runtime = elements.find((e) => e.tag === 'Runtime')!.node.$;
  expect(runtime.lifetime).toBe('long');
  const ext = elements.filter((e) => e.tag === 'ExtensionPoint').map((e) => e.node.$['xsi:type']);
  expect(ext).toEqual(expect.arrayContaining(['CustomFunctions', 'PrimaryCommandSurface']));
  const action = elements.find((e) => e.tag === 'Action')!.node;
  expect(action.$['xsi:type']).toBe('ShowTaskpane');
});

test('every resource id referenced exists, and every defined resource is used', () => {
  const defined = new Set(elements.filter((e) => ['bt:Image', 'bt:Url', 'bt:String'].includes(e.tag)).map((e) => e.node.$.id).filter(Boolean));
  const referenced = new Set(elements.filter((e) => e.node.$ && e.node.$.resid).map((e) => e.node.$.resid));
  for (const id of referenced) expect(defined).toContain(id);
  for (const id of defined) expect(referenced).toContain(id);
});

test('every URL is https, and the icons it names exist in assets/', () => {
  const text = fs.readFileSync(MANIFEST, 'utf8');
  // URLs the add-in loads: attribute values and element texts (xmlns schema names are not fetched).
  const urls = [...text.matchAll(/DefaultValue="(https?:[^"]*)"|>\s*(https?:[^<\s]*)\s*</g)].map((m) => m[1] ?? m[2]);
  expect(urls.length).toBeGreaterThan(8);
  for (const url of urls) expect(url).toMatch(/^https:\/\//);
  for (const url of urls.filter((u) => u.includes('/assets/'))) {
    expect(fs.existsSync(path.resolve(__dirname, '..', '..', 'assets', path.basename(url)))).toBe(true);
  }
  for (const size of [16, 32, 64, 80, 128]) {
    const png = fs.readFileSync(path.resolve(__dirname, '..', '..', 'assets', `icon-${size}.png`));
    expect(png.readUInt32BE(16)).toBe(size); // IHDR width
    expect(png.readUInt32BE(20)).toBe(size); // IHDR height
  }
});
