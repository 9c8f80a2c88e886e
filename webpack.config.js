/* eslint-disable @typescript-eslint/no-require-imports */
// Builds the add-in Excel loads (functions.js + functions.json + taskpane.html), into dist/.
// The custom-functions-metadata plugin generates functions.json from the JSDoc and fails the build on
// any JSDoc error. HyperFormula (GPL-3.0) is never part of this bundle: a test checks dist/.
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const { functionSources } = require('./scripts/sources');

const DEV_ORIGIN = 'https://localhost:3000/';
const PROD_ORIGIN = process.env.WATT_ADDIN_ORIGIN || DEV_ORIGIN;

const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.json') } },
};

module.exports = (env, argv) => {
  const dev = argv.mode !== 'production';
  return [
    {
      name: 'addin',
      mode: dev ? 'development' : 'production',
      devtool: dev ? 'source-map' : false,
      entry: {
        functions: './src/hosts/excel/functions-entry.ts',
        taskpane: './src/taskpane/taskpane.ts',
      },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [tsRule] },
      plugins: [
        new CustomFunctionsMetadataPlugin({ output: 'functions.json', input: functionSources() }),
        new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['functions', 'taskpane'] }),
        new HtmlWebpackPlugin({ filename: 'help.html', template: './src/taskpane/help.html', chunks: [] }),
        new CopyWebpackPlugin({
          patterns: [
            { from: 'assets/*.png', to: 'assets/[name][ext]' },
            {
              from: 'manifest.xml',
              to: 'manifest.xml',
              transform: (content) => (dev ? content : content.toString().split(DEV_ORIGIN).join(PROD_ORIGIN)),
            },
          ],
        }),
      ],
      performance: { hints: false },
    },
  ];
};
