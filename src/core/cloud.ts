/**
 * GPU-cloud economics: what a GPU-hour price means per MWh of site power, and what GPU-hour price a
 * revenue run-rate implies. Units: USD per GPU-hour; kW of IT per GPU, including the GPU's share of its
 * server, networking and storage (about 1.4 to 1.9 kW for an H100/GB200-class system); site power =
 * IT power x PUE; annual hours 8,760.
 */
import { finite, Result } from './errors';
import { HOURS_PER_YEAR } from './lease';

const KWH_PER_MWH = 1000;

/**
 * GPU-cloud revenue per MWh of site power. An hour of one GPU uses kw_per_gpu kWh of IT energy and
 * kw_per_gpu x pue kWh of site energy, and earns gpu_hour_price x utilization (billed share of hours):
 *   gpu_hour_price x utilization / kw_per_gpu x 1000 / pue     USD per MWh.
 * (The GPU draws its power whether or not an hour is sold: utilization scales revenue, not energy.)
 */
export function cloudRevenuePerMwh(gpuHourPrice: number, kwPerGpu: number, utilization: number, pue: number): Result<number> {
  return finite(((gpuHourPrice * utilization) / kwPerGpu) * (KWH_PER_MWH / pue), 'cloud revenue per MWh');
}

/**
 * USD per GPU-hour implied by an annual revenue run-rate: revenue / (gpus x 8760 x utilization). With
 * utilization 1 it is the average over all hours of the fleet; with the billed share it is the price of
 * a sold hour.
 */
export function gpuHourRate(annualRevenue: number, gpus: number, utilization: number): Result<number> {
  return finite(annualRevenue / (gpus * HOURS_PER_YEAR * utilization), 'GPU-hour rate');
}
