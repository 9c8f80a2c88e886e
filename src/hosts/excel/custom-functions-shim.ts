/**
 * Outside Excel (taskpane.html opened in a browser, or office.js unable to load), there is no
 * `CustomFunctions` global, and the `CustomFunctions.associate(...)` calls that the metadata plugin
 * appends to every declaration module would throw "CustomFunctions is not defined" as functions.js
 * loads. In Excel, office.js (loaded synchronously before functions.js) defines it, and this module
 * changes nothing. Imported by functions-entry.ts before the declarations.
 */
type Associate = (id: string, fn: (...args: unknown[]) => unknown) => void;

const g = globalThis as unknown as { CustomFunctions?: { associate?: Associate }; __wattUnassociated?: string[] };
if (typeof g.CustomFunctions === 'undefined') {
  // Remember what would have been registered (visible for a diagnosis), register nothing.
  const unassociated: string[] = [];
  g.__wattUnassociated = unassociated;
  g.CustomFunctions = { associate: (id) => void unassociated.push(id) };
}

export {};
