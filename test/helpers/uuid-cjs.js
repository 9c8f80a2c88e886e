// CommonJS stand-in for the ESM-only `uuid` package under jest: office-addin-manifest only calls v4(),
// which Node's crypto provides.
const { randomUUID } = require('crypto');
module.exports = { v4: () => randomUUID() };
