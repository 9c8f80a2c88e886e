// Stand-in for office-addin-manifest inside jest. office-addin-mock needs only its `OfficeApp` enum, but
// the real package pulls ESM-only dependencies (strip-bom, uuid) that jest on Node 20 cannot require.
// Values copied from office-addin-manifest/lib/officeApp.js.
exports.OfficeApp = {
  Excel: 'excel',
  OneNote: 'onenote',
  Outlook: 'outlook',
  PowerPoint: 'powerpoint',
  Project: 'project',
  Word: 'word',
};
