/**
 * Spec validation. Specs come from code, not users, but a chart that silently drops a NaN or
 * draws a negative count would be published as a result; better to fail loudly at the source.
 */
import { PALETTE } from './theme.ts';
import { ChartSpecError, type Bar, type ChartSpec, type RenderOptions } from './types.ts';

/** Beyond these, a chart of this size stops being readable; split the data instead. */
const MAX_BARS = 40;
const MAX_PANELS = 12;
const MAX_ROWS = 20;
const MAX_GROUPS = 20;
const MIN_SIZE = 200;
const MAX_SIZE = 4000;

function fail(path: string, message: string): never {
  throw new ChartSpecError(path, message);
}

function text(value: unknown, path: string): void {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string');
}

function count(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(path, `must be a non-negative integer count, got ${String(value)}`);
  }
}

function amount(value: unknown, path: string, unit: 'count' | 'percent'): void {
  if (unit === 'count') return count(value, path);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    fail(path, `must be a percentage between 0 and 100, got ${String(value)}`);
  }
}

function list<T>(value: unknown, path: string, max: number): asserts value is T[] {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'must be a non-empty array');
  if (value.length > max) fail(path, `has ${value.length} items; at most ${max} fit one chart`);
}

/** Category axes key on the label, and two identical labels would be unreadable anyway. */
function unique(labels: string[], path: string): void {
  const seen = new Set<string>();
  labels.forEach((label, i) => {
    if (seen.has(label)) fail(`${path}[${i}]`, `duplicate label "${label}"`);
    seen.add(label);
  });
}

function bars(value: unknown, path: string, unit: 'count' | 'percent'): void {
  list<Bar>(value, path, MAX_BARS);
  value.forEach((bar, i) => {
    if (typeof bar !== 'object' || bar === null) fail(`${path}[${i}]`, 'must be { label, value }');
    text(bar.label, `${path}[${i}].label`);
    amount(bar.value, `${path}[${i}].value`, unit);
  });
  unique(value.map((b) => b.label), path);
}

export function validateOptions(options: RenderOptions | undefined): void {
  for (const key of ['width', 'height'] as const) {
    const v = options?.[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < MIN_SIZE || v > MAX_SIZE) {
      fail(`options.${key}`, `must be an integer between ${MIN_SIZE} and ${MAX_SIZE} px, got ${String(v)}`);
    }
  }
  const scale = options?.scale;
  if (scale !== undefined && !(Number.isFinite(scale) && scale >= 1 && scale <= 4)) fail('options.scale', `must be between 1 and 4, got ${String(scale)}`);
}

export function validateSpec(spec: ChartSpec): void {
  if (typeof spec !== 'object' || spec === null) fail('spec', 'must be an object');
  text(spec.title, 'title');
  text(spec.nLabel, 'nLabel');
  count(spec.n, 'n');
  if (spec.subtitle !== undefined) text(spec.subtitle, 'subtitle');
  if (spec.locale !== undefined) {
    try {
      new Intl.NumberFormat(spec.locale);
    } catch {
      fail('locale', `"${String(spec.locale)}" is not a valid BCP 47 locale`);
    }
  }

  switch (spec.kind) {
    case 'bars':
      if (spec.orientation !== 'horizontal' && spec.orientation !== 'vertical') {
        fail('orientation', "must be 'horizontal' or 'vertical'");
      }
      if (spec.unit !== 'count' && spec.unit !== 'percent') fail('unit', "must be 'count' or 'percent'");
      bars(spec.bars, 'bars', spec.unit);
      return;

    case 'panels':
      list(spec.panels, 'panels', MAX_PANELS);
      spec.panels.forEach((panel, i) => {
        text(panel.title, `panels[${i}].title`);
        bars(panel.bars, `panels[${i}].bars`, 'count');
      });
      return;

    case 'stacked': {
      if (!Array.isArray(spec.segments) || spec.segments.length !== 3) {
        fail('segments', 'must hold exactly three legend labels');
      }
      spec.segments.forEach((s, i) => text(s, `segments[${i}]`));
      if (spec.show !== undefined && spec.show !== 'percent' && spec.show !== 'count') {
        fail('show', "must be 'percent' or 'count'");
      }
      list(spec.rows, 'rows', MAX_ROWS);
      spec.rows.forEach((row, i) => {
        const p = `rows[${i}]`;
        text(row.label, `${p}.label`);
        if (!Array.isArray(row.values) || row.values.length !== 3) {
          fail(`${p}.values`, `must hold 3 counts (one per segment), got ${Array.isArray(row.values) ? row.values.length : 'none'}`);
        }
        row.values.forEach((v, j) => count(v, `${p}.values[${j}]`));
        count(row.n, `${p}.n`);
        if (row.n === 0) fail(`${p}.n`, 'must be positive: a statement nobody rated has no bar to draw');
        const sum = row.values[0] + row.values[1] + row.values[2];
        if (sum !== row.n) fail(`${p}.values`, `sum to ${sum} but n is ${row.n}`);
      });
      unique(spec.rows.map((r) => r.label), 'rows');
      return;
    }

    case 'grouped': {
      if (spec.unit !== 'percent') fail('unit', "must be 'percent'");
      list<string>(spec.groups, 'groups', MAX_GROUPS);
      spec.groups.forEach((g, i) => text(g, `groups[${i}]`));
      unique(spec.groups, 'groups');
      list(spec.series, 'series', PALETTE.length);
      spec.series.forEach((s, i) => {
        text(s.label, `series[${i}].label`);
        if (!Array.isArray(s.values) || s.values.length !== spec.groups.length) {
          fail(
            `series[${i}].values`,
            `has ${Array.isArray(s.values) ? s.values.length : 'no'} values but there are ${spec.groups.length} groups`,
          );
        }
        s.values.forEach((v, j) => amount(v, `series[${i}].values[${j}]`, 'percent'));
      });
      unique(spec.series.map((s) => s.label), 'series');
      return;
    }

    default:
      fail('kind', `unknown chart kind "${String((spec as { kind?: unknown }).kind)}"`);
  }
}
