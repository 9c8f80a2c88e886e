/* eslint-disable @typescript-eslint/no-require-imports */
// Two builds into dist/:
//  - `addin`: what Excel loads (functions.js + functions.json + taskpane.html, whose UI is a separate
//    chunk `taskpane-ui.js` fetched only when the pane is shown). The custom-functions-metadata plugin
//    generates functions.json from the JSDoc and fails the build on any JSDoc error. HyperFormula
//    (GPL-3.0) is never part of this build: test/taskpane/bundle.test.ts checks dist/.
//  - `workbench`: a local page (workbench.html) with the same task pane beside a grid backed by the
//    embedded HyperFormula engine. No custom-functions-metadata plugin here: its loader appends
//    `CustomFunctions.associate(...)` calls, which only make sense in Excel's runtime.
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const { functionSources } = require('./scripts/sources');
const { rewriteManifestOrigin } = require('./scripts/manifest-origin');
const { readRegistry, renderFunctionReference } = require('./scripts/help-reference');
const { PAGE_CSP } = require('./scripts/csp');

// Every page but the task pane (whose template states its policy) carries PAGE_CSP (scripts/csp.js).
const cspMeta = { csp: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP } };

// Where a production build is hosted: every localhost URL of the manifest, AppDomain included, is
// rewritten to it (scripts/manifest-origin.js). Unset: the manifest keeps https://localhost:3000.
const PROD_ORIGIN = process.env.WATT_ADDIN_ORIGIN;
const DIST = path.resolve(__dirname, 'dist');

// tsconfig.json compiles to CommonJS for jest and the CLI; for webpack the modules stay ES modules so
// that `import()` becomes a real lazily loaded chunk (CommonJS would turn it into a synchronous require).
const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: {
    loader: 'ts-loader',
    options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.json'), compilerOptions: { module: 'esnext' } },
  },
};

/**
 * Build time (npm test builds first; see docs/_incoming/testspeed.md):
 *  - A chunk made only of files their package ships minified (ExcelJS's exceljs.min.js, split out of
 *    the workbench's lazily loaded .xlsx code) is marked minimized, so the minimizer leaves it alone:
 *    minifying it again took 8.7 s of CPU (a fifth of the build) to save 0.8% of its size.
 *  - The JavaScript minimizer compresses in one pass (terser's own default; this webpack's is two):
 *    the second pass cost 7 s of CPU for 0.2 to 0.6% of the bundles' size.
 */
class KeepPreminified {
  apply(compiler) {
    const { Compilation } = compiler.webpack;
    compiler.hooks.compilation.tap('KeepPreminified', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'KeepPreminified', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE - 1 }, () => {
        for (const chunk of compilation.chunks) {
          const modules = [...compilation.chunkGraph.getChunkModulesIterable(chunk)];
          if (modules.length === 0 || !modules.every((m) => /\.min\.js$/.test(m.resource || ''))) continue;
          for (const file of chunk.files) if (/\.js$/.test(file)) compilation.updateAsset(file, (source) => source, { minimized: true });
        }
      });
    });
  }
}
const optimizationFor = (base = {}) => ({ ...base, minimizeOptions: { javascript: { compress: { passes: 1 } } } });

module.exports = (env, argv) => {
  const dev = argv.mode !== 'production';
  const mode = dev ? 'development' : 'production';
  const devtool = dev ? 'source-map' : false;
  return [
    {
      name: 'addin',
      mode,
      devtool,
      entry: {
        functions: './src/hosts/excel/functions-entry.ts',
        taskpane: './src/taskpane/taskpane.ts',
      },
      output: {
        path: DIST,
        filename: '[name].js',
        chunkFilename: '[name].js',
        // The workbench build writes into dist/ too; never delete its files.
        clean: { keep: /^workbench/ },
      },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule] },
      plugins: [
        new CustomFunctionsMetadataPlugin({ output: 'functions.json', input: functionSources() }),
        new HtmlWebpackPlugin({
          filename: 'taskpane.html',
          template: './src/taskpane/taskpane.html',
          chunks: ['functions', 'taskpane'],
          chunksSortMode: 'manual',
        }),
        // The help page's function reference, from the registry (npm run build:cli writes it first).
        new HtmlWebpackPlugin({
          filename: 'help.html',
          template: './src/taskpane/help.html',
          chunks: [],
          meta: cspMeta,
          templateParameters: { functionReference: renderFunctionReference(readRegistry()) },
        }),
        // https://localhost:3000/ itself: where npm start sends a user to accept the certificate.
        new HtmlWebpackPlugin({ filename: 'index.html', template: './src/taskpane/index.html', chunks: [], meta: cspMeta }),
        new CopyWebpackPlugin({
          patterns: [
            { from: 'assets/*.png', to: 'assets/[name][ext]' },
            { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
            {
              from: 'manifest.xml',
              to: 'manifest.xml',
              transform: (content) => (dev || !PROD_ORIGIN ? content : rewriteManifestOrigin(content.toString(), PROD_ORIGIN)),
            },
          ],
        }),
      ],
      // One lazily loaded UI chunk (taskpane-ui.js, Fluent included), not a separate vendor chunk.
      optimization: optimizationFor({ splitChunks: false }),
      performance: { hints: false },
    },
    {
      name: 'workbench',
      mode,
      devtool,
      // After `addin`, whose output.clean would otherwise race with this build's files.
      dependencies: ['addin'],
      entry: { workbench: './src/workbench/workbench.ts' },
      output: { path: DIST, filename: '[name].js', chunkFilename: 'workbench-[name].js' },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule] },
      plugins: [
        new HtmlWebpackPlugin({ filename: 'workbench.html', template: './src/workbench/workbench.html', chunks: ['workbench'], meta: cspMeta }),
        new CopyWebpackPlugin({ patterns: [{ from: 'src/workbench/workbench.css', to: 'workbench.css' }] }),
        new KeepPreminified(),
      ],
      optimization: optimizationFor(),
      performance: { hints: false },
    },
  ];
};
