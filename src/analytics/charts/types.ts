/**
 * Chart specifications: plain, already-localized data. The renderer knows nothing about
 * surveys, platforms or the database; callers (results command, digest) build these from
 * analytics output and pass every visible text in the reader's language.
 */

/** One labelled bar. */
export interface Bar {
  label: string;
  value: number;
}

/** Fields every chart kind shares. */
interface ChartBase {
  title: string;
  /** Optional second line under the title (question wording, date range...). */
  subtitle?: string;
  /** Number of respondents behind the chart; must be a non-negative integer. */
  n: number;
  /**
   * The localized sentence stating n, e.g. "n = 989 réponses complètes". Always drawn in the
   * header: a chart posted alone in a chat must say how many people it stands for.
   */
  nLabel: string;
  /**
   * BCP 47 locale for numbers the renderer prints itself (value labels, axis ticks):
   * "87,5 %" in French, "87.5%" in English. Defaults to 'fr-FR', the study's language.
   */
  locale?: string;
}

/** Fig. 3/4: one bar per option of a multiple-choice question. */
export interface BarsSpec extends ChartBase {
  kind: 'bars';
  orientation: 'horizontal' | 'vertical';
  bars: Bar[];
  /** 'count': integers (numbers of participants); 'percent': 0–100. */
  unit: 'count' | 'percent';
}

/** One small chart of a Fig. 1-style grid. Values are numbers of participants. */
export interface Panel {
  title: string;
  bars: Bar[];
  /** The panel's own n statement ("n = 1 451"), drawn after its title. */
  nLabel?: string;
}

/** Fig. 1: population characteristics as a grid of small horizontal bar charts. */
export interface PanelsSpec extends ChartBase {
  kind: 'panels';
  panels: Panel[];
}

/** One statement of a 0–10 scale item, bucketed; values are counts summing to n. */
export interface StackedRow {
  label: string;
  values: [number, number, number];
  n: number;
}

/** Fig. 2/5: 100 % stacked horizontal bars, one per statement. */
export interface StackedSpec extends ChartBase {
  kind: 'stacked';
  /** Legend labels of the three buckets, low to high, e.g. ['0–4', '5–7', '8–10']. */
  segments: [string, string, string];
  rows: StackedRow[];
  /** What the segment labels print; bar lengths are always shares of the row's n. */
  show?: 'percent' | 'count';
}

/** One subgroup of a comparison, e.g. "Médecins généralistes". */
export interface Series {
  label: string;
  /** One percentage (0–100) per group, in the order of `groups`. */
  values: number[];
}

/** Subgroup comparison: for each outcome (group), one bar per subgroup (series). */
export interface GroupedSpec extends ChartBase {
  kind: 'grouped';
  unit: 'percent';
  groups: string[];
  series: Series[];
}

export type ChartSpec = BarsSpec | PanelsSpec | StackedSpec | GroupedSpec;
export type ChartKind = ChartSpec['kind'];

/** Output size in pixels. A missing height is computed from the content. */
export interface RenderOptions {
  /** Layout width in CSS pixels (default 1000). */
  width?: number;
  height?: number;
  /**
   * Pixel density of the PNG (default 2): a 1000-px layout becomes a 2000-px image, sharp in
   * a slide or a paper. Lowered when needed so width + height stay within Telegram's 10,000.
   */
  scale?: number;
}

/**
 * Thrown when a spec cannot be drawn honestly (empty data, negative or non-finite values,
 * lengths that do not line up). A programming error upstream, not a user error, so it is
 * thrown rather than returned; `path` points at the offending field.
 */
export class ChartSpecError extends Error {
  override readonly name = 'ChartSpecError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}
