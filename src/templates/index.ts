/**
 * The template registry: every template the task pane, the workbench and `watt template` offer, in
 * gallery order. Templates are data modules; none reads files at run time (they run in the browser too).
 */
import { comps } from './comps';
import { gpuCloud } from './gpu-cloud';
import { hpcDeals } from './hpc-deals';
import { hybridSite } from './hybrid-site';
import { keepMining } from './keep-mining';
import { poweredShell } from './powered-shell';
import { projection } from './projection';
import { projectFinance } from './project-finance';
import { risk } from './risk';
import { threePaths } from './three-paths';
import { valuation } from './valuation';
import type { Template } from './types';

export const TEMPLATES: readonly Template[] = [keepMining, poweredShell, gpuCloud, threePaths, hybridSite, risk, projection, comps, valuation, hpcDeals, projectFinance];

/** The template with this id (case-insensitive), or undefined. */
export function findTemplate(id: string): Template | undefined {
  const key = id.trim().toLowerCase();
  return TEMPLATES.find((t) => t.id === key);
}

export type { TemplateChart } from './types';
export type { Template, TemplateCell, TemplateSheet, WritePlan, PlannedSheet, WorkbookState, HostAdapter, CellStyle, RangeFormat } from './types';
export { planInsert, insertTemplate, freeSheetName, legalSheetName, functionsUsed, validateTemplate, TemplateError } from './plan';
export { STYLES } from './styles';
export type { StyleSpec } from './styles';
