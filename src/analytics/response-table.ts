/**
 * The responses of a survey as the analysis reads them: one column per item and per derived
 * variable, in typed arrays indexed by row. Each stored response is parsed once (its JSON
 * document), turned into integer codes, and its derived variables computed once; nothing of
 * it is kept as an object. At 100k respondents the table is a few megabytes, where one object
 * per answer was a gigabyte, and a cross-tabulation is one pass over two integer columns.
 *
 * Codes in a categorical column: the index of the category (choice order), MISSING when the
 * respondent did not answer, UNKNOWN when they answered with a value the definition does not
 * list (it counts in the item's n, as the respondents who answered it, and in no category).
 */
import type { Answers, AnswerValue } from '../survey/answers.ts';
import type { Definition, DerivedVariable } from '../survey/definition.ts';
import { deriveVariables } from '../survey/engine.ts';
import { referencedCodes } from '../survey/expression.ts';
import { AnswersScanner, CodeIndex, LIST, NUMBER, STRING } from './answers-scanner.ts';
import type { ResponseRecord, StoredResponseRow } from './ports.ts';

export const MISSING = -1;
export const UNKNOWN = -2;

/** Multiple-choice answers: 0 not answered, MULTI_ANSWERED when the value is a list of choices. */
export const MULTI_ANSWERED = 1;
/** Answered with something that is not a list (counts in n, in no choice). */
const MULTI_OTHER = 2;

export type ItemColumn =
  | { readonly type: 'single'; readonly codes: Int16Array }
  /** NaN where not answered with a number. */
  | { readonly type: 'scale'; readonly values: Float64Array }
  | { readonly type: 'multi'; readonly state: Uint8Array; readonly chosen: readonly Uint8Array[] }
  /** Texts in row order; `answered` counts every value given, text or not. */
  | { readonly type: 'text'; readonly texts: string[]; answered: number };

/** Why a table cannot be built: a stored answers document that is not a JSON object. */
export class StoredRowError extends Error {
  override readonly name = 'StoredRowError';
}

/**
 * The analysis table of one survey. Build it with `ResponseTableBuilder` (streaming) or
 * `tableOf` (records already in memory, as tests hold them).
 */
export class ResponseTable {
  /** Category codes of each derived or outcome variable, computed once per table. */
  private readonly cache = new Map<string, Int16Array>();

  constructor(
    readonly definition: Definition,
    /** Rows: every stored response, participants or not. */
    readonly size: number,
    /** 1 when the response is complete. */
    readonly complete: Uint8Array,
    /** 1 when the response holds at least one answer (the study's "participants"). */
    readonly participant: Uint8Array,
    /** Index in definition.items of the item an in-progress respondent stopped at, else -1. */
    readonly cursor: Int16Array,
    readonly items: ReadonlyMap<string, ItemColumn>,
    /** Derived variables (definition.derived), as category codes: boolean true 0, false 1. */
    derived: ReadonlyMap<string, Int16Array>,
  ) {
    for (const [code, column] of derived) this.cache.set(code, column);
  }

  item(code: string): ItemColumn | undefined {
    return this.items.get(code);
  }

  /** A column of category codes, computed by `compute` the first time `key` is asked for. */
  codes(key: string, compute: () => Int16Array): Int16Array {
    let column = this.cache.get(key);
    if (!column) {
      column = compute();
      this.cache.set(key, column);
    }
    return column;
  }

  /** The derived variable's category codes (MISSING where it cannot be computed). */
  derivedCodes(code: string): Int16Array | undefined {
    return this.definition.derived.some((d) => d.code === code) ? this.cache.get(code) : undefined;
  }
}

/** Doubles a typed column's capacity, new rows set to `fill`. */
function grown<T extends Int16Array | Uint8Array | Float64Array>(data: T, capacity: number, fill: number): T {
  const next = new (data.constructor as new (length: number) => T)(capacity);
  if (fill !== 0) next.fill(fill as never);
  next.set(data as never);
  return next;
}

type ColumnBuilder =
  | { readonly type: 'single'; readonly code: string; readonly index: Map<string, number>; readonly scanned: CodeIndex; codes: Int16Array }
  | { readonly type: 'scale'; readonly code: string; values: Float64Array }
  | { readonly type: 'multi'; readonly code: string; readonly index: Map<string, number>; readonly scanned: CodeIndex; state: Uint8Array; readonly chosen: Uint8Array[] }
  | { readonly type: 'text'; readonly code: string; readonly texts: string[]; answered: number };

/**
 * How a derived variable's category is found for a row. When it regroups the choices of one
 * single-choice item (gp from q3, age_group from q2), a lookup from that item's code, built
 * once by evaluating the definition on each choice; otherwise, or for a value the item does
 * not list, the engine's own deriveVariables on the row's answers.
 */
interface DerivedBuilder {
  readonly code: string;
  readonly index: Map<string, number>;
  codes: Int16Array;
  /** The single-choice column the lookup reads, or null: the engine computes every row. */
  readonly source: Extract<ColumnBuilder, { type: 'single' }> | null;
  /** Category code per choice of the source item (MISSING where the variable has no value). */
  readonly lookup: Int16Array;
}

/**
 * Stored documents read with JSON.parse before the scanner takes over. JSON.parse is native
 * code, fast from its first call; the scanner walks each character in JavaScript, which beats
 * it only once V8 has compiled the scanner, and it runs interpreted until then. Measured on
 * the whole `results --table1` process: at 1,451 respondents, all through JSON.parse was 30 ms
 * faster than all through the scanner; at 100k the scanner is still the faster route overall.
 */
export const PARSED_BEFORE_SCANNING = 2_000;

/** Builds a ResponseTable row by row, from stored rows or from records. */
export class ResponseTableBuilder {
  private size = 0;
  private capacity: number;
  private completeCount = 0;
  private complete: Uint8Array;
  private participant: Uint8Array;
  private cursor: Int16Array;
  private readonly columns: ColumnBuilder[];
  private readonly derived: DerivedBuilder[];
  private readonly itemIndex: Map<string, number>;
  /** Whether stored documents go through the scanner (answers-scanner.ts) rather than JSON.parse. */
  private scanned = true;
  private readonly scanner = new AnswersScanner();
  /** The columns by item code, as the scanner looks them up. */
  private readonly columnIndex: CodeIndex;
  /** 1 for a single-choice column a derived variable is looked up from. */
  private readonly derivedSource: Uint8Array;
  /** Per column, the last row (+1) a scanned document gave it a value: a repeated key is parsed. */
  private readonly seen: Int32Array;
  /** Per member of the scanned document: its column (-1: not an item) and, for a single choice, its code. */
  private memberColumn = new Int32Array(64);
  private memberCode = new Int16Array(64);

  constructor(
    private readonly definition: Definition,
    capacity = 1024,
    /** Documents read with JSON.parse before the scanner is tried (tests set 0 to scan them all). */
    private readonly parsedBeforeScanning = PARSED_BEFORE_SCANNING,
    /**
     * Whether free-text answers are kept (the overview lists them) or only counted (Table 1):
     * kept, each is a slice that holds its whole stored document in memory until the table
     * goes, which at 100k respondents made the young generation copy every document.
     */
    private readonly keepTexts = true,
  ) {
    this.capacity = Math.max(1, capacity);
    this.complete = new Uint8Array(this.capacity);
    this.participant = new Uint8Array(this.capacity);
    this.cursor = new Int16Array(this.capacity).fill(-1);
    this.itemIndex = new Map(definition.items.map((item, i) => [item.code, i]));
    this.columns = definition.items.map((item): ColumnBuilder => {
      const index = new Map(item.choices.map((c, i) => [c.code, i]));
      const scanned = new CodeIndex(item.choices.map((c) => c.code));
      if (!scanned.unique) this.scanned = false;
      const { code } = item;
      switch (item.type) {
        case 'single':
          return { type: 'single', code, index, scanned, codes: new Int16Array(this.capacity).fill(MISSING) };
        case 'scale':
          return { type: 'scale', code, values: new Float64Array(this.capacity).fill(Number.NaN) };
        case 'multi':
          return { type: 'multi', code, index, scanned, state: new Uint8Array(this.capacity), chosen: item.choices.map(() => new Uint8Array(this.capacity)) };
        case 'text':
          return { type: 'text', code, texts: [], answered: 0 };
      }
    });
    this.derived = definition.derived.map((d) => this.derivedBuilder(d));
    this.columnIndex = new CodeIndex(this.columns.map((c) => c.code));
    // The scanner needs codes told apart by their hash, and derived variables it can look up.
    if (!this.columnIndex.unique || this.derived.some((d) => d.source === null)) this.scanned = false;
    this.derivedSource = new Uint8Array(this.columns.length);
    for (const d of this.derived) if (d.source) this.derivedSource[this.columns.indexOf(d.source)] = 1;
    this.seen = new Int32Array(this.columns.length);
  }

  private derivedBuilder(d: DerivedVariable): DerivedBuilder {
    const index = new Map(d.type === 'boolean' ? [] : d.categories.map((c, i) => [c.code, i]));
    const codes = new Int16Array(this.capacity).fill(MISSING);
    const refs = d.type === 'boolean' ? referencedCodes(d.parsed) : [d.from];
    const at = refs.length === 1 ? this.itemIndex.get(refs[0] as string) : undefined;
    const column = at === undefined ? undefined : this.columns[at];
    const item = at === undefined ? undefined : this.definition.items[at];
    if (column?.type !== 'single' || !item) return { code: d.code, index, codes, source: null, lookup: new Int16Array(0) };
    const lookup = Int16Array.from(item.choices, (choice) => derivedCode(deriveVariables(this.definition, { [item.code]: choice.code })[d.code], index));
    return { code: d.code, index, codes, source: column, lookup };
  }

  /** Complete responses seen so far (the minimum before any result is shown). */
  get completeResponses(): number {
    return this.completeCount;
  }

  /** Room for `rows` rows in all, set aside at once (doubling up to 100k rows copied every column 7 times). */
  reserve(rows: number): void {
    if (rows > this.capacity) this.grow(rows);
  }

  /** A stored row: its answers document is parsed here, once. Returns whether it holds an answer. */
  addStored(row: StoredResponseRow): boolean {
    return this.addDocument(row.status, row.cursor, row.answersJson);
  }

  /** A stored row given as its fields (no object per row). */
  addDocument(status: ResponseRecord['status'], cursor: string | null, answersJson: string): boolean {
    if (this.scanned && this.size >= this.parsedBeforeScanning && this.scanner.scan(answersJson) && this.resolveScanned()) return this.addScanned(status, cursor);
    const answers: unknown = JSON.parse(answersJson);
    if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
      throw new StoredRowError('a stored answers document is not a JSON object');
    }
    return this.add(status, cursor, answers as Answers);
  }

  add(status: ResponseRecord['status'], cursor: string | null, answers: Answers): boolean {
    if (this.size === this.capacity) this.grow();
    const row = this.size++;
    if (status === 'complete') {
      this.complete[row] = 1;
      this.completeCount++;
    }
    let answered = false;
    for (const _ in answers) {
      answered = true;
      break;
    }
    if (answered) this.participant[row] = 1;
    if (status !== 'complete' && cursor !== null) this.cursor[row] = this.itemIndex.get(cursor) ?? -1;
    for (const column of this.columns) {
      const value = answers[column.code];
      if (value !== undefined) addValue(column, row, value, this.keepTexts);
    }
    let engine: Record<string, boolean | string | null> | null = null;
    for (const d of this.derived) {
      const code = d.source ? (d.source.codes[row] as number) : UNKNOWN;
      if (code >= 0) d.codes[row] = d.lookup[code] as number;
      else if (code === UNKNOWN) d.codes[row] = derivedCode((engine ??= deriveVariables(this.definition, answers))[d.code], d.index);
    }
    return answered;
  }

  /**
   * Maps the scanned members to columns and single-choice codes, writing nothing. False when
   * the document needs JSON.parse after all: a key twice, a value a derived variable must
   * compute with the engine, a list given to a text item.
   */
  private resolveScanned(): boolean {
    const sc = this.scanner;
    const stamp = this.size + 1;
    if (this.memberColumn.length < sc.members) {
      this.memberColumn = new Int32Array(sc.members * 2);
      this.memberCode = new Int16Array(sc.members * 2);
    }
    for (let m = 0; m < sc.members; m++) {
      const at = sc.lookup(this.columnIndex, sc.keyHash[m] as number, sc.keyStart[m] as number, sc.keyEnd[m] as number);
      const column = at >= 0 ? this.columns[at] : undefined;
      if (!column) {
        this.memberColumn[m] = -1;
        continue;
      }
      if (this.seen[at] === stamp) return false;
      this.seen[at] = stamp;
      this.memberColumn[m] = at;
      const kind = sc.kind[m];
      if (column.type === 'single') {
        const choice = kind === STRING ? sc.lookup(column.scanned, sc.valueHash[m] as number, sc.valueStart[m] as number, sc.valueEnd[m] as number) : -1;
        if (choice < 0 && this.derivedSource[at] === 1) return false;
        this.memberCode[m] = choice >= 0 ? choice : UNKNOWN;
      } else if (column.type === 'text' && kind === LIST) return false;
    }
    return true;
  }

  /** Writes the row resolveScanned has just checked. */
  private addScanned(status: ResponseRecord['status'], cursor: string | null): boolean {
    const sc = this.scanner;
    if (this.size === this.capacity) this.grow();
    const row = this.size++;
    if (status === 'complete') {
      this.complete[row] = 1;
      this.completeCount++;
    }
    const answered = sc.members > 0;
    if (answered) this.participant[row] = 1;
    if (status !== 'complete' && cursor !== null) this.cursor[row] = this.itemIndex.get(cursor) ?? -1;
    for (let m = 0; m < sc.members; m++) {
      const at = this.memberColumn[m] as number;
      if (at < 0) continue;
      const column = this.columns[at] as ColumnBuilder;
      const kind = sc.kind[m];
      switch (column.type) {
        case 'single':
          column.codes[row] = this.memberCode[m] as number;
          break;
        case 'scale':
          if (kind === NUMBER) column.values[row] = sc.number[m] as number;
          break;
        case 'multi':
          if (kind !== LIST) {
            column.state[row] = MULTI_OTHER;
            break;
          }
          column.state[row] = MULTI_ANSWERED;
          for (let e = sc.listFrom[m] as number; e < (sc.listTo[m] as number); e++) {
            const choice = sc.lookup(column.scanned, sc.elementHash[e] as number, sc.elementStart[e] as number, sc.elementEnd[e] as number);
            if (choice >= 0) (column.chosen[choice] as Uint8Array)[row] = 1;
          }
          break;
        case 'text':
          column.answered++;
          if (this.keepTexts) column.texts.push(kind === STRING ? sc.slice(sc.valueStart[m] as number, sc.valueEnd[m] as number) : String(sc.number[m]));
          break;
      }
    }
    for (const d of this.derived) {
      const code = d.source ? (d.source.codes[row] as number) : MISSING;
      if (code >= 0) d.codes[row] = d.lookup[code] as number;
    }
    return answered;
  }

  /** Doubles every column's capacity at once (one check per row, not one per column), or sets it. */
  private grow(capacity = this.capacity * 2): void {
    this.complete = grown(this.complete, capacity, 0);
    this.participant = grown(this.participant, capacity, 0);
    this.cursor = grown(this.cursor, capacity, -1);
    for (const column of this.columns) {
      if (column.type === 'single') column.codes = grown(column.codes, capacity, MISSING);
      else if (column.type === 'scale') column.values = grown(column.values, capacity, Number.NaN);
      else if (column.type === 'multi') {
        column.state = grown(column.state, capacity, 0);
        column.chosen.forEach((flags, i) => (column.chosen[i] = grown(flags, capacity, 0)));
      }
    }
    for (const d of this.derived) d.codes = grown(d.codes, capacity, MISSING);
    this.capacity = capacity;
  }

  build(): ResponseTable {
    const size = this.size;
    const items = new Map<string, ItemColumn>();
    for (const column of this.columns) {
      const code = column.code;
      switch (column.type) {
        case 'single':
          items.set(code, { type: 'single', codes: column.codes.subarray(0, size) });
          break;
        case 'scale':
          items.set(code, { type: 'scale', values: column.values.subarray(0, size) });
          break;
        case 'multi':
          items.set(code, { type: 'multi', state: column.state.subarray(0, size), chosen: column.chosen.map((c) => c.subarray(0, size)) });
          break;
        case 'text':
          items.set(code, { type: 'text', texts: column.texts, answered: column.answered });
          break;
      }
    }
    const derived = new Map(this.derived.map((d) => [d.code, d.codes.subarray(0, size)] as const));
    return new ResponseTable(
      this.definition,
      size,
      this.complete.subarray(0, size),
      this.participant.subarray(0, size),
      this.cursor.subarray(0, size),
      items,
      derived,
    );
  }
}

/** One answer into its column (the row's cells start as "not answered"). */
function addValue(column: ColumnBuilder, row: number, value: AnswerValue, keepTexts: boolean): void {
  switch (column.type) {
    case 'single':
      column.codes[row] = typeof value === 'string' ? (column.index.get(value) ?? UNKNOWN) : UNKNOWN;
      return;
    case 'scale':
      if (typeof value === 'number') column.values[row] = value;
      return;
    case 'multi':
      if (!Array.isArray(value)) {
        column.state[row] = MULTI_OTHER;
        return;
      }
      column.state[row] = MULTI_ANSWERED;
      for (const code of value as readonly string[]) {
        const at = column.index.get(code);
        const flags = at === undefined ? undefined : column.chosen[at];
        if (flags) flags[row] = 1;
      }
      return;
    case 'text':
      column.answered++;
      if (keepTexts) column.texts.push(String(value));
      return;
  }
}

/** A derived value as a category code: boolean true 0, false 1; MISSING when it has none. */
function derivedCode(value: boolean | string | null | undefined, index: ReadonlyMap<string, number>): number {
  if (value === true) return 0;
  if (value === false) return 1;
  if (typeof value === 'string') return index.get(value) ?? UNKNOWN;
  return MISSING;
}

/** A table from records already in memory (tests, the demo cohort). */
export function tableOf(definition: Definition, records: readonly ResponseRecord[]): ResponseTable {
  const builder = new ResponseTableBuilder(definition, Math.max(16, records.length));
  for (const r of records) builder.add(r.status, r.cursor, r.answers);
  return builder.build();
}
