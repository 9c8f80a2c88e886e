/**
 * The gallery's logic, free of the DOM: search over templates and the wording of their metadata.
 * The pane (pane.ts) renders what these functions return.
 */
import type { Template } from '../templates/types';

/** Lower case without accents, so "resume" finds "résumé" and "MW" finds "mw". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The text a query is matched against: title, description, key assumptions and the question answered. */
export function searchableText(template: Template): string {
  return fold([template.title, template.description, template.answers, ...template.keyAssumptions].join('\n'));
}

/**
 * Templates matching a query: every whitespace-separated word of the query must occur in the title,
 * description, assumptions or question of the template (AND, case- and accent-insensitive). An empty
 * query matches everything. Order is kept.
 */
export function filterTemplates<T extends Template>(templates: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...templates];
  return templates.filter((t) => {
    const text = searchableText(t);
    return words.every((w) => text.includes(w));
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-15" → "15 Nov 2026" (unambiguous in every locale); anything else is returned unchanged. */
export function formatAsOf(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return iso;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
  return `${day} ${MONTHS[month - 1]} ${m[1]}`;
}

/** "3 templates", "1 template", "2 of 5 templates" for the count line under the search box. */
export function countLabel(shown: number, total: number): string {
  const noun = total === 1 ? 'template' : 'templates';
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}
