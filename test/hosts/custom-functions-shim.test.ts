/** functions.js outside Excel: no "CustomFunctions is not defined"; inside Excel, office.js's object is kept. */
const g = globalThis as unknown as { CustomFunctions?: unknown; __wattUnassociated?: string[] };

afterEach(() => {
  delete g.CustomFunctions;
  delete g.__wattUnassociated;
});

test('without a CustomFunctions global, associate calls are recorded, not thrown', () => {
  delete g.CustomFunctions;
  jest.isolateModules(() => require('../../src/hosts/excel/custom-functions-shim'));
  const cf = g.CustomFunctions as { associate(id: string, fn: () => number): void };
  expect(() => cf.associate('HASHPRICE', () => 1)).not.toThrow();
  expect(g.__wattUnassociated).toEqual(['HASHPRICE']);
});

test("with office.js's CustomFunctions, the shim changes nothing", () => {
  const real = { associate: jest.fn() };
  g.CustomFunctions = real;
  jest.isolateModules(() => require('../../src/hosts/excel/custom-functions-shim'));
  expect(g.CustomFunctions).toBe(real);
  expect(g.__wattUnassociated).toBeUndefined();
});
