/**
 * Excel date serials, 1900 date system (Windows default): serial 25569 is 1970-01-01 00:00 UTC.
 * Serials before 1900-03-01 carry Excel's fictitious 1900-02-29 and are not used by this field.
 */
export const UNIX_EPOCH_SERIAL = 25569;
export const MS_PER_DAY = 86_400_000;

export function serialFromDate(date: Date): number {
  return date.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

export function dateFromSerial(serial: number): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
}

/** Serial of a UTC calendar date (month 1..12). */
export function serialFromUtc(year: number, month: number, day: number, hours = 0, minutes = 0): number {
  return Date.UTC(year, month - 1, day, hours, minutes) / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/** ISO date (YYYY-MM-DD) of a serial, UTC. */
export function isoDate(serial: number): string {
  return dateFromSerial(serial).toISOString().slice(0, 10);
}
