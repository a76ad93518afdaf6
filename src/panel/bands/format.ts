// Value and time formatting shared by tooltip and legend: the field's unit/decimals, the dashboard time zone.
import { dateTimeFormat, type Field, formattedValueToString, getValueFormat } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';

export function valueFormatter(field: Field): (v: number) => string {
  const fmt = getValueFormat(field.config.unit ?? 'short');
  const decimals = field.config.decimals;
  return (v) => (v === v && v != null ? formattedValueToString(fmt(v, decimals ?? undefined)) : '–');
}

export function formatTime(t: number, timeZone: TimeZone): string {
  return dateTimeFormat(t, { timeZone, format: 'YYYY-MM-DD HH:mm:ss' });
}
