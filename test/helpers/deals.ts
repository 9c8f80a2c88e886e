/**
 * The announced AI/HPC deals of the repository's data/hpc-deals.csv, read with the RFC 4180 reader and
 * interpreted: the MW basis ("critical IT (>200)", "IT capacity (critical IT)", "gross (...)", or
 * "unclear (...)": neither), the kind (lease, gpu_cloud, other), the row a cumulative total includes,
 * and announcement dates that may be partial ("2025 (quoted in ...)", "2025-06 (leases May 2025)").
 * Reads only inside the repository.
 */
import fs from 'fs';
import path from 'path';
import { classifyBasis, DealKind, MwBasis } from '../../scripts/generate-template-data';
import { parseCsvRecords } from '../../src/core/csv';
import { isError } from '../../src/core/errors';

export const DATA_DIR = path.resolve(__dirname, '..', '..', 'data');

export type { MwBasis, DealKind };

export interface Announced {
  year: number;
  /** 1-12, absent when only the year is known. */
  month?: number;
  day?: number;
  /** The text as published. */
  text: string;
}

export interface Deal {
  deal: string;
  counterparty: string;
  /** Null when not disclosed. */
  capacityMw: number | null;
  basis: MwBasis;
  /** The basis text as published, e.g. "critical IT (>200)". */
  basisText: string;
  contractValueUsd: number | null;
  termYears: number | null;
  announced: Announced;
  kind: DealKind;
  /** true only for kind=lease (a GPU-cloud service includes the GPUs; `other` is no customer contract). */
  isLease: boolean;
  /** The earlier row this total includes, or null. */
  cumulativeOf: string | null;
  note: string;
  source: string;
}

/** A deal with every figure disclosed. */
export type FullDeal = Deal & { capacityMw: number; contractValueUsd: number; termYears: number };

export function isFull(d: Deal): d is FullDeal {
  return d.capacityMw !== null && d.contractValueUsd !== null && d.termYears !== null;
}

export function parseAnnounced(text: string): Announced {
  const full = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(text);
  if (full) return { year: Number(full[1]), month: Number(full[2]), ...(full[3] ? { day: Number(full[3]) } : {}), text };
  const year = /\b(\d{4})\b/.exec(text);
  if (year) return { year: Number(year[1]), text };
  throw new Error(`no year in announced date "${text}"`);
}

function number(text: string, column: string, deal: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${deal}: ${column} "${text}" is not a number`);
  return value;
}

export function readDealRecords(): Record<string, string>[] {
  const records = parseCsvRecords(fs.readFileSync(path.join(DATA_DIR, 'hpc-deals.csv'), 'utf8'));
  if (isError(records)) throw new Error(records.message);
  return records;
}

export function loadDeals(): Deal[] {
  return readDealRecords().map((r) => ({
    deal: r.deal,
    counterparty: r.counterparty,
    capacityMw: number(r.capacity_mw, 'capacity_mw', r.deal),
    basis: classifyBasis(r.mw_basis),
    basisText: r.mw_basis,
    contractValueUsd: number(r.contract_value_usd, 'contract_value_usd', r.deal),
    termYears: number(r.term_years, 'term_years', r.deal),
    announced: parseAnnounced(r.announced),
    kind: r.kind as DealKind,
    isLease: r.kind === 'lease',
    cumulativeOf: r.cumulative_of === '' ? null : r.cumulative_of,
    note: r.note,
    source: r.source,
  }));
}

/**
 * The leases the rent statistics count, computed here independently of the generator: kind=lease, on
 * critical IT, every figure disclosed, and not a part of a later total (the total counts once).
 */
export function countedLeases(deals = loadDeals()): FullDeal[] {
  const parts = new Set(deals.map((d) => d.cumulativeOf).filter((x): x is string => x !== null));
  return deals.filter((d): d is FullDeal => d.kind === 'lease' && d.basis === 'critical IT' && isFull(d) && !parts.has(d.deal));
}
