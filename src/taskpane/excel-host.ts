/**
 * The pane's host in Excel: templates are inserted through ExcelTemplateAdapter (Office.js), which
 * checks the requirement set and workbook protection first and rolls back on failure; "Share" copies
 * the Watt sheets through ExcelShareAdapter (never changing the originals).
 */
import { ExcelShareAdapter } from '../hosts/excel/share-adapter';
import { ExcelTemplateAdapter } from '../hosts/excel/template-adapter';
import { insertTemplate, TEMPLATES } from '../templates';
import type { HostAdapter, Template } from '../templates/types';
import type { PaneHost } from './controller';
import { OUTSIDE_EXCEL } from './messages';

export interface ExcelHostOptions {
  adapter?: HostAdapter;
  /** The Share action's adapter (default: Office.js through the globals). */
  shareAdapter?: Pick<ExcelShareAdapter, 'share'>;
  templates?: readonly Template[];
  /** Office's theme colours (Office.context.officeTheme), when the host reports them. */
  theme?: { bodyBackgroundColor?: string };
}

/** Relative luminance of "#RRGGBB" (0 black .. 1 white); undefined for anything else. */
export function luminance(hex: string | undefined): number | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
    const c = parseInt(x, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function officeTheme(): { bodyBackgroundColor?: string } | undefined {
  try {
    return typeof Office !== 'undefined' ? (Office.context as unknown as { officeTheme?: { bodyBackgroundColor?: string } })?.officeTheme : undefined;
  } catch {
    return undefined;
  }
}

export function createExcelHost(options: ExcelHostOptions = {}): PaneHost {
  const adapter = options.adapter ?? new ExcelTemplateAdapter();
  const sharer = options.shareAdapter ?? new ExcelShareAdapter();
  const lum = luminance((options.theme ?? officeTheme())?.bodyBackgroundColor);
  return {
    hostName: 'Excel',
    templates: options.templates ?? TEMPLATES,
    dark: lum !== undefined && lum < 0.2,
    // A plain browser tab (no Office.js): say at once that inserting needs Excel, not after a click.
    ...(adapter instanceof ExcelTemplateAdapter && !adapter.available() ? { notice: OUTSIDE_EXCEL } : {}),
    async insert(template) {
      const plan = await insertTemplate(template, adapter);
      const notes = adapter instanceof ExcelTemplateAdapter ? adapter.notes : [];
      return { sheetNames: plan.sheets.map((s) => s.name), ...(notes.length > 0 ? { notes: [...notes] } : {}) };
    },
    share: (request) => sharer.share(request),
  };
}
