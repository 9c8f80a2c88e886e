/**
 * Mining site: keep mining. Does a 100 MW site earn more than its power costs at today's hashprice,
 * at what BTC price and power price does it stop, and how does hashprice move with BTC price and
 * network hashrate?
 */
import { AS_OF, D } from './defaults';
import { checkedInput, F, SheetBuilder, verdictFormat } from './builder';
import { P } from '../core/params';
import { cellRef } from './plan';
import type { Template } from './types';

/**
 * Sensitivity axes: BTC price down the rows, network hashrate across, each point the base case (the
 * input above, through WATT.CHECK) times one plus a step. The steps are sorted and distinct, and the
 * base must be above 0, so the axes are sorted and unique whatever the base case, and the base case
 * (step 0, boxed) falls in its place: a BTC price of $130k gives $91k, $104k, $117k, $130k, ...
 * (a fixed axis with the base inserted gave $80k, $130k, $100k: a zig-zag). Edit a step in its
 * formula to move a point.
 */
export const BTC_STEPS = [-0.3, -0.2, -0.1, 0, 0.15, 0.35, 0.75];
export const HASHRATE_STEPS = [-0.2, -0.1, 0, 0.1, 0.25];
/** An axis's points for a base case: base x (1 + step). */
export const axisPoints = (base: number, steps: readonly number[]): number[] => steps.map((s) => base * (1 + s));
/** The axes at the template's defaults. */
export const BTC_AXIS = axisPoints(D.btcPrice.value, BTC_STEPS);
export const HASHRATE_AXIS = axisPoints(D.networkHashrate.value, HASHRATE_STEPS);
/** A step as a formula writes it: "(1-30%)", "(1+15%)". */
const factor = (step: number) => `(1${step < 0 ? '-' : '+'}${Math.round(Math.abs(step) * 1000) / 10}%)`;

/**
 * Column widths (points): label, value, unit, then the sensitivity's columns. Column D starts the
 * sources and notes, whose text runs on over the empty cells to its right (as in Excel), so the
 * five hashrate columns of the sensitivity fit a 1440 px screen beside the task pane.
 */
const WIDTHS = [230, 100, 125, 90, 90, 90];

function build(): Template {
  const s = new SheetBuilder('Keep mining', { columnWidths: WIDTHS, freeze: { rows: 2, columns: 0 } });
  s.heading('Mining site: keep mining', `As of ${AS_OF}. Inputs (blue on yellow) are assumptions to update; each source in column D.`);

  s.section('Inputs');
  s.input({ name: 'site_mw', label: 'Site power for miners', value: D.siteMw.value, format: F.num1, unit: 'MW', source: D.siteMw.source });
  s.input({ name: 'efficiency', label: 'Fleet efficiency', value: D.efficiency.value, format: F.num1, unit: 'J/TH', source: D.efficiency.source });
  s.input({ name: 'power_price', label: 'Power price', value: D.powerPrice.value, format: F.usd3, unit: 'USD/kWh', source: D.powerPrice.source });
  s.input({ name: 'uptime', label: 'Uptime', value: D.uptime.value, format: F.pct, unit: '%', source: D.uptime.source });
  s.input({ name: 'pool_fee', label: 'Pool fee', value: D.poolFee.value, format: F.pct, unit: '% of revenue', source: D.poolFee.source });
  s.input({ name: 'btc_price', label: 'BTC price', value: D.btcPrice.value, format: F.usd0, unit: 'USD/BTC', source: D.btcPrice.source });
  s.input({ name: 'network_hashrate', label: 'Network hashrate', value: D.networkHashrate.value, format: F.int, unit: 'EH/s', source: D.networkHashrate.source });
  s.input({ name: 'fees', label: 'Transaction fees', value: D.fees.value, format: F.btc, unit: 'BTC/block', source: D.fees.source });
  s.input({ name: 'subsidy', label: 'Block subsidy', value: D.subsidy.value, format: F.btc, unit: 'BTC/block', source: D.subsidy.source });
  s.blank();

  s.section('Outputs');
  s.output({ name: 'hashprice', label: 'Hashprice', formula: '=WATT.HASHPRICE(btc_price, network_hashrate, fees, subsidy)', format: F.usd2, unit: 'USD/PH/day', note: 'BTC price x 144 x (subsidy + fees) / network PH/s (Hashrate Index definition).' });
  s.output({ name: 'hashvalue', label: 'Hashvalue', formula: '=WATT.HASHVALUE(network_hashrate, fees, subsidy)', format: F.btc6, unit: 'BTC/PH/day' });
  s.output({ name: 'site_hashrate', label: 'Site hashrate', formula: '=WATT.FLEETHASHRATE(site_mw, efficiency, uptime)', format: F.int, unit: 'PH/s', note: 'MW x 1000 / J/TH x uptime.' });
  s.output({ name: 'btc_per_day', label: 'BTC mined per day (after pool fee)', formula: '=revenue_per_day / btc_price', format: F.btc, unit: 'BTC/day', note: 'Revenue per day / BTC price (= site hashrate x hashvalue x (1 - pool fee)).' });
  s.output({ name: 'revenue_per_day', label: 'Revenue per day', formula: '=revenue_per_mwh * site_hashrate * efficiency * 24 / 1000', format: F.usd0, unit: 'USD/day', note: 'Revenue per MWh x MWh drawn a day (site PH/s x J/TH x 24 / 1000 = MW x uptime x 24) = site hashrate x hashprice x (1 - pool fee).' });
  s.output({ name: 'power_cost_per_day', label: 'Power cost per day', formula: '=hashcost * site_hashrate', format: F.usd0, unit: 'USD/day', note: 'Hashcost x site hashrate = MW x 1000 kW x 24 h x uptime x USD/kWh.' });
  s.output({ name: 'margin_per_day', label: 'Gross margin per day', formula: '=revenue_per_day - power_cost_per_day', format: F.lossUsd0, unit: 'USD/day' });
  s.output({ name: 'margin_pct', label: 'Gross margin', formula: '=IF(revenue_per_day>0, margin_per_day / revenue_per_day, 0)', format: F.lossPct, unit: '% of revenue' });
  s.output({ name: 'annual_revenue', label: 'Annual revenue', formula: '=revenue_per_day * 365', format: F.usdM, unit: 'USD/year' });
  s.output({ name: 'annual_margin', label: 'Annual gross margin', formula: '=margin_per_day * 365', format: F.lossUsdM, unit: 'USD/year' });
  s.output({ name: 'hashcost', label: 'Hashcost (power only)', formula: '=WATT.HASHCOST(efficiency, power_price)', format: F.usd2, unit: 'USD/PH/day' });
  s.output({ name: 'shutdown_price', label: 'Shutdown BTC price', formula: '=WATT.BREAKEVEN(efficiency, power_price, network_hashrate, fees, subsidy, pool_fee)', format: F.usd0, unit: 'USD/BTC', note: 'BTC price at which revenue after pool fee equals power cost.' });
  s.output({ name: 'breakeven_power', label: 'Breakeven power price', formula: '=WATT.BREAKEVENPOWER(efficiency, hashprice, pool_fee)', format: F.usd3, unit: 'USD/kWh', note: 'Power price at which this fleet stops earning its electricity.' });
  s.output({ name: 'breakeven_efficiency', label: 'Breakeven efficiency', formula: '=WATT.BREAKEVENEFFICIENCY(hashprice, power_price, pool_fee)', format: F.num1, unit: 'J/TH', note: 'Machines at or below this J/TH pay their power.' });
  s.output({ name: 'revenue_per_mwh', label: 'Mining revenue per MWh consumed', formula: '=WATT.MININGREVPERMWH(hashprice, efficiency, pool_fee)', format: F.usd2, unit: 'USD/MWh consumed', note: 'Per MWh the miners draw while running (hashprice after pool fee / energy per PH/s-day). The three-paths template shows revenue per MWh of site capacity, which also counts uptime and curtailed months.' });
  // The verdict is the sign of the margin, shown as a word by its format: red only when it is bad news.
  // A number never runs over into the next cell (Excel shows ####), so the words fit column B.
  s.output({ name: 'verdict', label: 'Verdict', formula: '=IF(margin_per_day>0, 1, -1)', format: verdictFormat('Keep mining', 'Curtail'), note: 'Keep mining while revenue covers power; curtail (red) when power costs more than mining earns.' });
  s.blank();

  s.header(['Hashprice sensitivity (USD/PH/day)', 'Network hashrate (EH/s) across, BTC price (USD/BTC) down; boxed: the base case (the inputs above)']);
  const axisRow = s.row; // 1-based row of the hashrate axis
  const baseRow = BTC_STEPS.indexOf(0);
  const baseCol = HASHRATE_STEPS.indexOf(0);
  const axisNote = (input: string) => `Sensitivity axis: the base case (${input}, boxed) x (1 + the step in this formula); edit the step to move the point, keeping the axis sorted.`;
  const baseNote = 'Base case: reads the input above (through WATT.CHECK: an input out of range, or not above 0, is an error here too), so the boxed cell is the case the outputs show.';
  // Both bases must be above 0 for the axis to be distinct points (BTC price 0 is a valid input elsewhere).
  const baseHashrate = checkedInput('network_hashrate', 'Network hashrate', 'EH/s', P.network_hashrate);
  const baseBtc = checkedInput('btc_price', 'BTC price', 'USD/BTC', { ...P.btc_price, min: 0, minExclusive: true });
  s.cell({ ref: `A${axisRow}`, value: 'BTC price (USD/BTC) \\ EH/s', style: 'label' });
  const baseHashRef = `${cellRef(axisRow - 1, 1 + baseCol).replace(/\d+$/, '')}$${axisRow}`;
  const baseBtcRef = `$A$${axisRow + 1 + baseRow}`;
  HASHRATE_STEPS.forEach((step, j) =>
    s.cell(j === baseCol
      ? { ref: cellRef(axisRow - 1, 1 + j), formula: `=${baseHashrate}`, format: F.int, style: 'highlight', note: baseNote }
      : { ref: cellRef(axisRow - 1, 1 + j), formula: `=${baseHashRef.replace(/^([A-Z]+)/, '$$$1')}*${factor(step)}`, format: F.int, style: 'label', note: axisNote('network hashrate') }),
  );
  BTC_STEPS.forEach((step, i) => {
    const r = axisRow + 1 + i;
    s.cell(i === baseRow ? { ref: `A${r}`, formula: `=${baseBtc}`, format: F.usd0, style: 'highlight', note: baseNote } : { ref: `A${r}`, formula: `=${baseBtcRef}*${factor(step)}`, format: F.usd0, style: 'label', note: axisNote('BTC price') });
    HASHRATE_STEPS.forEach((_h, j) => {
      const col = cellRef(0, 1 + j).replace(/\d+$/, '');
      const base = i === baseRow && j === baseCol;
      s.cell({ ref: `${col}${r}`, formula: `=WATT.HASHPRICE($A${r}, ${col}$${axisRow}, fees, subsidy)`, format: F.usd2, style: base ? 'highlight' : 'output', ...(base ? { note: 'Base case: equals the hashprice output above.' } : {}) });
    });
  });
  // The breakeven beside the grid, for the chart: the hashprice at which revenue after pool fee pays for power.
  const breakCol = cellRef(0, 1 + HASHRATE_AXIS.length).replace(/\d+$/, '');
  s.cell({ ref: `${breakCol}${axisRow}`, value: 'Breakeven', style: 'header', note: 'Hashcost / (1 - pool fee): below this hashprice the site does not earn its power.' });
  BTC_AXIS.forEach((_p, i) => s.cell({ ref: `${breakCol}${axisRow + 1 + i}`, formula: `=hashcost / (1 - ${checkedInput('pool_fee', 'Pool fee', '% of revenue', P.pool_fee)})`, format: F.usd2, style: 'output' }));
  const lastCol = breakCol;
  s.row = axisRow + 1 + BTC_AXIS.length;
  s.text(`Record low for reference: ${D.hashpriceLow.source}`, 'source');

  return {
    id: 'keep-mining',
    title: 'Mining site: keep mining',
    description: '100 MW mining site: hashprice, revenue, power cost, shutdown BTC price, breakeven power price, and hashprice over BTC price x network hashrate.',
    asOf: AS_OF,
    keyAssumptions: ['100 MW', '17.5 J/TH', '$0.045/kWh', '95% uptime', '2% pool fee', 'BTC $87,000', '1,075 EH/s'],
    answers: 'Does the site earn more than its power at today\'s hashprice, and at what BTC price or power price should it stop mining?',
    sheets: [{
      ...s.build(),
      charts: [{
        type: 'line',
        numericX: true,
        title: 'Hashprice against BTC price at network hashrates (EH/s), with the breakeven',
        categories: `A${axisRow + 1}:A${axisRow + BTC_AXIS.length}`,
        series: `B${axisRow}:${lastCol}${axisRow + BTC_AXIS.length}`,
        anchor: `A${axisRow + BTC_AXIS.length + 3}`,
        width: 520,
        height: 300,
        xTitle: 'BTC price, USD',
        yTitle: 'USD per PH/s per day',
        seriesUnit: 'EH/s',
        // The base case's BTC price, marked where it falls on the axis.
        marker: { cell: `A${axisRow + 1 + baseRow}`, label: 'base case' },
      }],
    }],
  };
}

export const keepMining: Template = build();
