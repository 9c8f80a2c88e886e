// `npm run bench`, Monte Carlo section (issue 11 §5): WATT.SIMULATE's simulation, 10,000 trials x 120
// months x 3 paths, against a bare loop that draws the same random numbers (the same generator, seed
// and order) and does the same arithmetic in one flat function, with no PATHS kernel calls, closures
// or options. Both are timed in the same run (median of 5, CPU time of this process, so that other
// processes on a shared machine weigh less) and their ratio printed. Target: < 250 ms and ratio < 3.
const path = require('path');
const { performance } = require('perf_hooks');
const B = path.join(__dirname, '..', 'build', 'src');
const sim = require(path.join(B, 'core', 'simulate.js'));
const { xoroshiro128plus } = require('pure-rand/generator/xoroshiro128plus');

const ASSUMPTIONS = [['start_date', 46023], ['btc_price', 90000], ['network_hashrate', 1100], ['site_mw', 100], ['efficiency', 17.5], ['power_price', 0.05]];
const TRIALS = 10000;
const YEARS = 10;

/** The same draws and arithmetic as runSimulation (GBM), flat: the floor for this work in JavaScript. */
function bareLoop(s, trials, seed) {
  const { a, r, horizon: H, df } = s;
  const rng = xoroshiro128plus(seed);
  const out = [new Float64Array(trials), new Float64Array(trials), new Float64Array(trials)];
  const z1 = new Float64Array(H), z2 = new Float64Array(H), uL = new Float64Array(H + 1), gP = new Float64Array(H), gH = new Float64Array(H);
  const nC = s.cloud.contractStarts.length;
  const zG = new Float64Array(nC);
  const margin = new Float64Array(H);
  const volP = r.btc_volatility / Math.sqrt(12), volH = r.hashrate_volatility / Math.sqrt(12), rho = r.price_hashrate_correlation, rhoC = Math.sqrt(1 - rho * rho);
  const growP = Math.exp((Math.log1p(a.btc_price_growth) - r.btc_volatility ** 2 / 2) / 12);
  const growH = Math.exp(-(r.hashrate_volatility ** 2) / 2 / 12);
  const hazard = 1 - Math.pow(1 - r.tenant_default, 1 / 12), haircut = 1 - r.relet_haircut, relet = r.relet_months, sG = r.gpu_price_volatility;
  const { btc, cost, fleetCost, every, terminalByLastBuy } = s.mine;
  const { pv, paying, terminalPv } = s.lease;
  const curtail = a.curtail === 1;
  for (let t = 0; t < trials; t += 2) {
    for (let m = 0; m < H; m++) {
      const u1 = ((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10;
      const u2 = ((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10;
      const rad = Math.sqrt(-2 * Math.log(u1));
      z1[m] = rad * Math.cos(2 * Math.PI * u2);
      z2[m] = rad * Math.sin(2 * Math.PI * u2);
      uL[m + 1] = ((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10;
      gP[m] = Math.exp(volP * z1[m]);
      gH[m] = Math.exp(volH * (rho * z1[m] + rhoC * z2[m]));
    }
    for (let j = 0; j < nC; j++) {
      const rad = Math.sqrt(-2 * Math.log(((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10));
      zG[j] = rad * Math.cos(2 * Math.PI * ((rng.next() >>> 0) + 0.5) * 2.3283064365386963e-10);
    }
    for (let k = 0; k < 2; k++) {
      const plus = k === 0;
      let price = a.btc_price, scale = 1, mine = 0;
      for (let m = 0; m < H; m++) {
        const gm = (btc[m] / scale) * price - cost[m];
        margin[m] = gm;
        if (!(curtail && gm < 0)) mine += gm * df[m + 1];
        price *= plus ? growP * gP[m] : growP / gP[m];
        scale *= plus ? growH * gH[m] : growH / gH[m];
      }
      let last = -1;
      for (let m = every; m < H; m++) {
        if (m - Math.max(0, last) < every || (curtail && margin[m - 1] < 0)) continue;
        mine -= fleetCost * df[m];
        last = m;
      }
      if (last > 0) mine += terminalByLastBuy[last] * df[H];
      let factor = 1, vacantEnd = 0, loss = 0;
      for (let q = 1; q <= H; q++) {
        if (paying[q] === 0) continue;
        if (q < vacantEnd) { loss += pv[q]; continue; }
        const u = plus ? uL[q] : 1 - uL[q];
        if (u < hazard) { factor *= haircut; vacantEnd = q + relet; if (relet > 0) { loss += pv[q]; continue; } }
        loss += (1 - factor) * pv[q];
      }
      loss += (1 - factor * (1 - Math.max(0, Math.min(12, vacantEnd - 1 - H)) / 12)) * terminalPv;
      let cloud = s.cloud.npv, w = 0, tp = 0;
      for (let j = 0; j < nC; j++) {
        const tj = s.cloud.contractStarts[j] / 12;
        w += Math.sqrt(tj - tp) * (plus ? zG[j] : -zG[j]);
        tp = tj;
        cloud += (Math.exp(sG * w - (sG * sG * tj) / 2) - 1) * s.cloud.contractPv[j];
      }
      out[0][t + k] = mine;
      out[1][t + k] = s.lease.npv - loss;
      out[2][t + k] = cloud;
    }
  }
  return out;
}

function cpuMs(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall, value };
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

/** Runs the section; returns rows for bench.js's table. */
function benchRisk() {
  const setup = sim.prepareSimulation(ASSUMPTIONS, YEARS);
  const runs = { simulation: [], bare: [], table: [] };
  let check = 0;
  for (let k = 0; k < 6; k++) {
    const a = cpuMs(() => sim.runSimulation(setup, TRIALS, 1));
    const b = cpuMs(() => bareLoop(setup, TRIALS, 1));
    const c = cpuMs(() => sim.simulateTable(ASSUMPTIONS, TRIALS, YEARS, 1));
    if (k === 0) {
      // The bare loop must compute the same numbers, else the comparison means nothing.
      for (let p = 0; p < 3; p++) for (let t = 0; t < TRIALS; t++) check = Math.max(check, Math.abs(a.value.npv[p][t] - b.value[p][t]) / Math.max(1, Math.abs(b.value[p][t])));
      continue; // warm-up
    }
    runs.simulation.push(a);
    runs.bare.push(b);
    runs.table.push(c);
  }
  if (!(check < 1e-9)) throw new Error(`the bare loop and the simulation disagree (largest relative difference ${check})`);
  const simCpu = median(runs.simulation.map((x) => x.cpu));
  const bareCpu = median(runs.bare.map((x) => x.cpu));
  return [
    ['Monte Carlo: 10,000 trials x 120 months x 3 paths, CPU (median of 5)', simCpu, 'ms'],
    ['Monte Carlo: the same, wall clock (median of 5)', median(runs.simulation.map((x) => x.wall)), 'ms'],
    ['Monte Carlo: bare loop, same draws and arithmetic, CPU', bareCpu, 'ms'],
    ['Monte Carlo: simulation / bare loop (target < 3)', simCpu / bareCpu, 'x'],
    ['Monte Carlo: WATT.SIMULATE table (inputs, PATHS, simulation, statistics), CPU', median(runs.table.map((x) => x.cpu)), 'ms'],
  ];
}

module.exports = { benchRisk, bareLoop };
if (require.main === module) for (const [name, value, unit] of benchRisk()) console.log(`${name.padEnd(80)} ${value.toPrecision(4).padStart(10)} ${unit}`);
