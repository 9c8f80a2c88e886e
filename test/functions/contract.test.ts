/**
 * One registry: generated/functions.json (from the JSDoc). Every function in it is exported by
 * src/functions, registered in the engine and callable through the CLI; every exported function is in it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import * as declarations from '../../src/functions';
import { FUNCTIONS, NAMESPACE, wrapperFor } from '../../src/engine/engine';
import { Evaluator } from '../../src/engine/evaluate';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { functionSources } = require('../../scripts/sources');

const ROOT = path.resolve(__dirname, '..', '..');

test('generated/functions.json is up to date with the JSDoc', async () => {
  const result = await generateCustomFunctionsMetadata(functionSources(), false);
  expect(result.errors).toEqual([]);
  const onDisk = JSON.parse(fs.readFileSync(path.join(ROOT, 'generated', 'functions.json'), 'utf8'));
  expect(onDisk).toEqual(JSON.parse(result.metadataJson));
});

test('every exported wrapper is in functions.json, and every entry has its wrapper', () => {
  const exported = Object.entries(declarations).filter(([, v]) => typeof v === 'function').map(([k]) => k.toUpperCase()).sort();
  const registered = FUNCTIONS.map((f) => f.id).sort();
  expect(registered).toEqual(exported);
  for (const f of FUNCTIONS) expect(wrapperFor(f.id)).toBeDefined();
});

test('every function has an id equal to its name, a description, and a described parameter list', () => {
  for (const f of FUNCTIONS) {
    expect(f.name).toBe(f.id);
    expect((f.description ?? '').length).toBeGreaterThan(20);
    for (const p of f.parameters) expect((p.description ?? '').length).toBeGreaterThan(5);
  }
});

describe('every function is registered in the engine', () => {
  const evaluator = new Evaluator();
  test.each(FUNCTIONS.map((f) => [f.name]))('%s is known to the engine (called with no arguments it answers in Watt\'s words)', (name) => {
    const outcome = evaluator.evaluate(`=${NAMESPACE}.${name}()`);
    // An unknown function would be #NAME?; a known one reports its own first missing argument or a value.
    if ('error' in outcome) {
      expect(outcome.error).not.toBe('#NAME?');
      expect(outcome.message).not.toBe('');
    }
  });
});
