/**
 * The announced AI/HPC deals of /work/shared/data/hpc-deals.csv, read with the RFC 4180 reader and
 * interpreted: the MW basis ("critical IT (>200)", "IT capacity", "gross (per Q3 call)"), whether the
 * contract is a lease of capacity or a GPU-cloud service, and announcement dates that may be partial
 * ("late 2025", "2025-06 (leases May 2025)", "2025-08-15 (>$1B/yr avg)").
 */
import fs from 'fs';
import path from 'path';
import { parseCsvRecords } from '../../src/core/csv';
import { isError } from '../../src/core/errors';

export const DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');

export type MwBasis = 'critical IT' | 'gross';

export interface Announced {
  year: number;
  /** 1-12, absent when only the year (or "late 2025") is known. */
  month?: number;
  day?: number;
  /** The text as published. */
  text: string;
}

export interface Deal {
  deal: string;
  counterparty: string;
  capacityMw: number;
  basis: MwBasis;
  /** The basis text as published, e.g. "critical IT (>200)". */
  basisText: string;
  contractValueUsd: number;
  termYears: number;
  announced: Announced;
  /** false for a GPU-cloud services contract (GPUs included), which is not a lease of capacity. */
  isLease: boolean;
  note: string;
  source: string;
}

export function parseBasis(text: string): MwBasis {
  if (/\bgross\b/i.test(text)) return 'gross';
  if (/\b(critical )?IT\b/i.test(text)) return 'critical IT';
  throw new Error(`unknown MW basis "${text}"`);
}

export function parseAnnounced(text: string): Announced {
  const full = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(text);
  if (full) return { year: Number(full[1]), month: Number(full[2]), ...(full[3] ? { day: Number(full[3]) } : {}), text };
  const year = /\b(\d{4})\b/.exec(text);
  if (year) return { year: Number(year[1]), text };
  throw new Error(`no year in announced date "${text}"`);
}

function number(text: string, column: string, deal: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${deal}: ${column} "${text}" is not a number`);
  return value;
}

export function loadDeals(): Deal[] {
  const records = parseCsvRecords(fs.readFileSync(path.join(DATA_DIR, 'hpc-deals.csv'), 'utf8'));
  if (isError(records)) throw new Error(records.message);
  return records.map((r) => ({
    deal: r.deal,
    counterparty: r.counterparty,
    capacityMw: number(r.capacity_mw, 'capacity_mw', r.deal),
    basis: parseBasis(r.mw_basis),
    basisText: r.mw_basis,
    contractValueUsd: number(r.contract_value_usd, 'contract_value_usd', r.deal),
    termYears: number(r.term_years, 'term_years', r.deal),
    announced: parseAnnounced(r.announced),
    isLease: !/not (a )?(colocation )?lease/i.test(`${r.deal} ${r.note}`),
    note: r.note,
    source: r.source,
  }));
}
