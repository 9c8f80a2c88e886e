/**
 * One count of the announced leases, for every sheet and text that states it (generated from
 * data/hpc-deals.csv): a lease is a row of kind = lease, counted once (a row that a later total
 * includes is left out, the total counts). Of those, the rent statistics count the ones with a
 * critical-IT basis and every figure disclosed; the others are named with the reason.
 */
import { HPC_DEALS } from './data/hpc-deals';

/** A part of a later total (the generator's reading of cumulative_of): the total counts, not the part. */
const isPart = (reason: string | null) => reason !== null && reason.startsWith('part of a later total');
const leases = HPC_DEALS.filter((d) => d.kind === 'lease' && !isPart(d.statsExclusion));

/** The announced leases, each counted once (17 in data/hpc-deals.csv as of 2026-11-27). */
export const ANNOUNCED_LEASES = leases;
/** Those with a rent per kW of critical IT (the rent statistics: 14 of the 17). */
export const RENT_LEASES = leases.filter((d) => d.statsExclusion === null);
/** Those left out of the rent statistics, with the reason. */
export const LEASES_WITHOUT_RENT = leases.filter((d) => d.statsExclusion !== null);

/** "17 announced leases (each counted once), 14 with a rent per kW of critical IT" */
export const LEASE_COUNT_TEXT = `${ANNOUNCED_LEASES.length} announced leases (data/hpc-deals.csv, kind = lease, each counted once), ${RENT_LEASES.length} of them with a rent per kW of critical IT (left out of rent statistics: ${LEASES_WITHOUT_RENT.map((d) => `${d.deal}, ${d.statsExclusion}`).join('; ')})`;
