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
import type { Definition, Item } from '../survey/definition.ts';
import { deriveVariables } from '../survey/engine.ts';
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

/** Growable typed column: doubles its capacity as rows come. */
class Growing<T extends Int16Array | Uint8Array | Float64Array> {
  constructor(
    public data: T,
    private readonly make: (capacity: number) => T,
    private readonly fill: number,
  ) {
    data.fill(fill as never);
  }

  ensure(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = this.make(Math.max(capacity, this.data.length * 2));
    next.fill(this.fill as never);
    next.set(this.data as never);
    this.data = next;
  }

  trimmed(size: number): T {
    return this.data.subarray(0, size) as T;
  }
}

const int16 = (fill: number, capacity: number) => new Growing(new Int16Array(capacity), (c) => new Int16Array(c), fill);
const uint8 = (capacity: number) => new Growing(new Uint8Array(capacity), (c) => new Uint8Array(c), 0);
const float64 = (capacity: number) => new Growing(new Float64Array(capacity), (c) => new Float64Array(c), Number.NaN);

type ColumnBuilder =
  | { readonly type: 'single'; readonly item: Item; readonly index: Map<string, number>; readonly codes: Growing<Int16Array> }
  | { readonly type: 'scale'; readonly item: Item; readonly values: Growing<Float64Array> }
  | { readonly type: 'multi'; readonly item: Item; readonly index: Map<string, number>; readonly state: Growing<Uint8Array>; readonly chosen: Growing<Uint8Array>[] }
  | { readonly type: 'text'; readonly item: Item; readonly texts: string[]; answered: number };

/** Builds a ResponseTable row by row, from stored rows or from records. */
export class ResponseTableBuilder {
  private size = 0;
  private completeCount = 0;
  private readonly complete: Growing<Uint8Array>;
  private readonly participant: Growing<Uint8Array>;
  private readonly cursor: Growing<Int16Array>;
  private readonly columns: ColumnBuilder[];
  private readonly derived: { readonly code: string; readonly index: Map<string, number>; readonly codes: Growing<Int16Array> }[];
  private readonly itemIndex: Map<string, number>;

  constructor(
    private readonly definition: Definition,
    capacity = 1024,
  ) {
    this.complete = uint8(capacity);
    this.participant = uint8(capacity);
    this.cursor = int16(-1, capacity);
    this.itemIndex = new Map(definition.items.map((item, i) => [item.code, i]));
    this.columns = definition.items.map((item): ColumnBuilder => {
      const index = new Map(item.choices.map((c, i) => [c.code, i]));
      switch (item.type) {
        case 'single':
          return { type: 'single', item, index, codes: int16(MISSING, capacity) };
        case 'scale':
          return { type: 'scale', item, values: float64(capacity) };
        case 'multi':
          return { type: 'multi', item, index, state: uint8(capacity), chosen: item.choices.map(() => uint8(capacity)) };
        case 'text':
          return { type: 'text', item, texts: [], answered: 0 };
      }
    });
    this.derived = definition.derived.map((d) => ({
      code: d.code,
      index: new Map(d.type === 'boolean' ? [] : d.categories.map((c, i) => [c.code, i])),
      codes: int16(MISSING, capacity),
    }));
  }

  /** Complete responses seen so far (the minimum before any result is shown). */
  get completeResponses(): number {
    return this.completeCount;
  }

  /** A stored row: its answers document is parsed here, once. Returns whether it holds an answer. */
  addStored(row: StoredResponseRow): boolean {
    const answers: unknown = JSON.parse(row.answersJson);
    if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
      throw new StoredRowError('a stored answers document is not a JSON object');
    }
    return this.add(row.status, row.cursor, answers as Answers);
  }

  add(status: ResponseRecord['status'], cursor: string | null, answers: Answers): boolean {
    const row = this.size++;
    const capacity = this.size;
    this.complete.ensure(capacity);
    this.participant.ensure(capacity);
    this.cursor.ensure(capacity);
    if (status === 'complete') {
      this.complete.data[row] = 1;
      this.completeCount++;
    }
    let answered = false;
    for (const _ in answers) {
      answered = true;
      break;
    }
    if (answered) this.participant.data[row] = 1;
    if (status !== 'complete' && cursor !== null) this.cursor.data[row] = this.itemIndex.get(cursor) ?? -1;
    for (const column of this.columns) this.addValue(column, row, capacity, answers[column.item.code]);
    if (this.derived.length === 0) return answered;
    const values = deriveVariables(this.definition, answers);
    for (const d of this.derived) {
      d.codes.ensure(capacity);
      const value = values[d.code];
      if (value === true) d.codes.data[row] = 0;
      else if (value === false) d.codes.data[row] = 1;
      else if (typeof value === 'string') d.codes.data[row] = d.index.get(value) ?? UNKNOWN;
    }
    return answered;
  }

  private addValue(column: ColumnBuilder, row: number, capacity: number, value: AnswerValue | undefined): void {
    switch (column.type) {
      case 'single':
        column.codes.ensure(capacity);
        if (value !== undefined) column.codes.data[row] = typeof value === 'string' ? (column.index.get(value) ?? UNKNOWN) : UNKNOWN;
        return;
      case 'scale':
        column.values.ensure(capacity);
        if (typeof value === 'number') column.values.data[row] = value;
        return;
      case 'multi':
        column.state.ensure(capacity);
        for (const chosen of column.chosen) chosen.ensure(capacity);
        if (value === undefined) return;
        if (!Array.isArray(value)) {
          column.state.data[row] = MULTI_OTHER;
          return;
        }
        column.state.data[row] = MULTI_ANSWERED;
        for (const code of value as readonly string[]) {
          const at = column.index.get(code);
          const flags = at === undefined ? undefined : column.chosen[at];
          if (flags) flags.data[row] = 1;
        }
        return;
      case 'text':
        if (value === undefined) return;
        column.answered++;
        column.texts.push(String(value));
        return;
    }
  }

  build(): ResponseTable {
    const size = this.size;
    const items = new Map<string, ItemColumn>();
    for (const column of this.columns) {
      const code = column.item.code;
      switch (column.type) {
        case 'single':
          items.set(code, { type: 'single', codes: column.codes.trimmed(size) });
          break;
        case 'scale':
          items.set(code, { type: 'scale', values: column.values.trimmed(size) });
          break;
        case 'multi':
          items.set(code, { type: 'multi', state: column.state.trimmed(size), chosen: column.chosen.map((c) => c.trimmed(size)) });
          break;
        case 'text':
          items.set(code, { type: 'text', texts: column.texts, answered: column.answered });
          break;
      }
    }
    const derived = new Map(this.derived.map((d) => [d.code, d.codes.trimmed(size)] as const));
    return new ResponseTable(
      this.definition,
      size,
      this.complete.trimmed(size),
      this.participant.trimmed(size),
      this.cursor.trimmed(size),
      items,
      derived,
    );
  }
}

/** A table from records already in memory (tests, the demo cohort). */
export function tableOf(definition: Definition, records: readonly ResponseRecord[]): ResponseTable {
  const builder = new ResponseTableBuilder(definition, Math.max(16, records.length));
  for (const r of records) builder.add(r.status, r.cursor, r.answers);
  return builder.build();
}
