/**
 * The results service: who may see what, and the analyses behind /results, /table1, /export
 * and the researchers' command line. It returns published (small-cell protected) data; the
 * report module turns it into text, charts or JSON.
 *
 * Who sees what: community admins at any time; members once the survey is closed or when the
 * community turned live results on; nobody before RESULTS_MIN_COMPLETE complete responses.
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { Definition } from '../survey/definition.ts';
import type { Language } from '../shared/language.ts';
import type { CommunityRecord, SurveyCatalog, SurveyRecord } from '../survey/ports.ts';
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { ResponseSource } from './ports.ts';
import { Protection } from './protection.ts';
import {
  publishComparisons,
  publishItem,
  publishParticipation,
  publishTable1,
  type PublishedComparison,
  type PublishedItem,
  type PublishedParticipation,
  type PublishedTable1,
} from './published.ts';
import type { ComparisonProblem } from './subgroups.ts';
import { hasAnswers } from './answers-scanner.ts';
import { ResponseTableBuilder, type ResponseTable } from './response-table.ts';
import { isParticipant, summarizeVariable, type Participation } from './summaries.ts';
import { groupingVariable } from './variables.ts';
import type { ResponseRecord } from './ports.ts';

export interface ResultsPolicy {
  /** K: the smallest count printed (RESULTS_MIN_CELL). */
  readonly minCell: number;
  /** No results before this many complete responses (RESULTS_MIN_COMPLETE). */
  readonly minComplete: number;
}

export interface Viewer {
  readonly isAdmin: boolean;
  /** The community's setting; null when the viewer reaches the survey outside a community. */
  readonly liveResults: boolean;
}

/** The researcher at the command line owns the database: an admin's view. */
export const RESEARCHER: Viewer = { isAdmin: true, liveResults: false };

/** Results members may see: the survey is closed, or the community turned live results on. */
export function isPublic(survey: SurveyRecord, community: { readonly liveResults: boolean } | null): boolean {
  return survey.status === 'closed' || (community?.liveResults ?? false);
}

export type ResultsError =
  | { readonly code: 'results.no_survey' }
  | { readonly code: 'results.not_public' }
  | { readonly code: 'results.too_few'; readonly minComplete: number }
  | { readonly code: 'results.admin_only' }
  | { readonly code: 'results.by_without_item' }
  | ComparisonProblem;

interface Context {
  readonly survey: SurveyRecord;
  readonly definition: Definition;
  readonly minCell: number;
}

export interface OverviewResult extends Context {
  readonly participation: PublishedParticipation;
  readonly items: readonly PublishedItem[];
}

export interface ItemResult extends Context {
  readonly item: PublishedItem;
  /** Present when a grouping was asked for: one comparison per outcome (per choice for a multiple choice). */
  readonly comparisons: readonly PublishedComparison[] | null;
}

export interface Table1Result extends Context {
  readonly table: PublishedTable1;
}

export interface ExportFiles {
  readonly responses: string;
  readonly codebook: string;
  readonly count: number;
}

/** A REDCap import file and the dictionary it matches (in one language, as REDCap has). */
export interface RedcapFiles {
  readonly records: string;
  readonly dictionary: string;
  readonly count: number;
}

export interface ResultsServiceDeps {
  /** What results ask of the catalog (a read-only tool gives these two alone). */
  readonly catalog: Pick<SurveyCatalog, 'currentSurvey' | 'setLiveResults'>;
  readonly definitions: DefinitionRegistry;
  readonly source: ResponseSource;
  readonly policy: ResultsPolicy;
}

export class ResultsService {
  constructor(private readonly deps: ResultsServiceDeps) {}

  get policy(): ResultsPolicy {
    return this.deps.policy;
  }

  /** The survey results concern in a community: its open one, else its latest. */
  async surveyOf(community: CommunityRecord | null): Promise<SurveyRecord | null> {
    return community ? this.deps.catalog.currentSurvey(community.id) : null;
  }

  async overview(survey: SurveyRecord | null, viewer: Viewer): Promise<Result<OverviewResult, ResultsError>> {
    const loaded = await this.load(survey, viewer);
    if (!loaded.ok) return loaded;
    const { context, participation, protection } = loaded.value;
    const { definition, minCell } = context;
    return ok({
      ...context,
      participation: publishParticipation(definition, participation, minCell),
      items: definition.items.map((item) => publishItem(definition, protection.summary(item), protection)),
    });
  }

  async item(survey: SurveyRecord | null, viewer: Viewer, code: string, by?: string): Promise<Result<ItemResult, ResultsError>> {
    const loaded = await this.load(survey, viewer);
    if (!loaded.ok) return loaded;
    const { context, rows, protection } = loaded.value;
    const { definition } = context;
    const item = definition.items.find((i) => i.code === code);
    const variable = groupingVariable(definition, code);
    const summary = item ? protection.summary(item) : variable ? summarizeVariable(variable, rows) : null;
    if (!summary) return err({ code: 'results.unknown_item', item: code });
    let comparisons: PublishedComparison[] | null = null;
    if (by !== undefined) {
      const { compareItem } = await subgroups();
      const compared = compareItem(definition, rows, code, by);
      if (!compared.ok) return err(compared.error);
      comparisons = publishComparisons(compared.comparisons, by, protection);
    }
    return ok({ ...context, item: publishItem(definition, summary, protection), comparisons });
  }

  async table1(survey: SurveyRecord | null, viewer: Viewer): Promise<Result<Table1Result, ResultsError>> {
    const loaded = await this.load(survey, viewer, { texts: false });
    if (!loaded.ok) return loaded;
    const { context, rows, protection } = loaded.value;
    const { table1 } = await subgroups();
    return ok({ ...context, table: publishTable1(table1(context.definition, rows), protection) });
  }

  /**
   * The raw responses as CSV, for admins. Subject to the minimum of complete responses like
   * any result; the small-cell rule does not apply to row-level data an admin asked for.
   */
  async export(survey: SurveyRecord | null, viewer: Viewer): Promise<Result<ExportFiles, ResultsError>> {
    if (!viewer.isAdmin) return err({ code: 'results.admin_only' });
    if (!survey) return err({ code: 'results.no_survey' });
    const records = await this.records(survey.id);
    const complete = records.filter((r) => r.status === 'complete').length;
    if (complete < this.deps.policy.minComplete) return err({ code: 'results.too_few', minComplete: this.deps.policy.minComplete });
    return ok(await this.files(await this.deps.definitions.ensureFor(survey), records));
  }

  /**
   * The responses as REDCap's Data Import Tool reads them, with the dictionary they match.
   * `viewer` null: the researcher's command line, with no minimum of responses.
   */
  async exportRedcap(survey: SurveyRecord | null, viewer: Viewer | null, language: Language): Promise<Result<RedcapFiles, ResultsError>> {
    if (viewer && !viewer.isAdmin) return err({ code: 'results.admin_only' });
    if (!survey) return err({ code: 'results.no_survey' });
    if (viewer && !viewer.isAdmin && !isPublic(survey, viewer)) return err({ code: 'results.not_public' });
    const definition = await this.deps.definitions.ensureFor(survey);
    const rows = await this.records(survey.id);
    const { minComplete } = this.deps.policy;
    if (viewer && rows.filter((r) => r.status === 'complete').length < minComplete) return err({ code: 'results.too_few', minComplete });
    // Loaded when asked for: the REDCap writer pulls in the XLSForm one, which the results never need.
    const { exportRedcapDictionary, exportRedcapRecords } = await import('./transfer/redcap-export.ts');
    return ok({
      records: exportRedcapRecords(definition, rows),
      dictionary: exportRedcapDictionary(definition, language).csv,
      count: rows.filter(isParticipant).length,
    });
  }

  /** Exports with no minimum, for the researcher's command line on their own database. */
  async exportAll(survey: SurveyRecord): Promise<ExportFiles> {
    return this.files(await this.deps.definitions.ensureFor(survey), await this.records(survey.id));
  }

  private async files(definition: Definition, records: readonly ResponseRecord[]): Promise<ExportFiles> {
    const { exportCodebook, exportResponses } = await import('./transfer/export.ts');
    return { responses: exportResponses(definition, records), codebook: exportCodebook(definition), count: records.filter(isParticipant).length };
  }

  /** Row-level records for the export (which is row-level by nature). */
  private async records(surveyId: string): Promise<ResponseRecord[]> {
    const records: ResponseRecord[] = [];
    await this.deps.source.eachResponse(surveyId, (row) => {
      records.push({ status: row.status, cursor: row.cursor, answers: JSON.parse(row.answersJson) as ResponseRecord['answers'] });
    });
    return records;
  }

  async setLive(community: CommunityRecord | null, viewer: Viewer, on: boolean): Promise<Result<{ live: boolean }, ResultsError>> {
    if (!viewer.isAdmin) return err({ code: 'results.admin_only' });
    if (!community) return err({ code: 'results.no_survey' });
    await this.deps.catalog.setLiveResults(community.id, on);
    return ok({ live: on });
  }

  /** `texts`: false when no free-text answer is printed (Table 1): they are then only counted. */
  private async load(
    survey: SurveyRecord | null,
    viewer: Viewer,
    options: { readonly texts: boolean } = { texts: true },
  ): Promise<Result<{ context: Context; rows: ResponseTable; participation: Participation; protection: Protection }, ResultsError>> {
    if (!survey) return err({ code: 'results.no_survey' });
    if (!viewer.isAdmin && !isPublic(survey, viewer)) return err({ code: 'results.not_public' });
    const { minCell, minComplete } = this.deps.policy;
    const definition = await this.deps.definitions.ensureFor(survey);
    // One read of the stored rows, each parsed once. Complete responses go into the table
    // every printed count comes from (disclosure.ts, rule 2); interrupted ones only count
    // towards participation and drop-off.
    const builder = new ResponseTableBuilder(definition, undefined, undefined, options.texts);
    const counter = new ParticipationCounter(definition);
    const { source } = this.deps;
    if (source.readForAnalysis) {
      await source.readForAnalysis(survey.id, {
        stops: definition.items.map((item) => item.code),
        expect: (rows) => builder.reserve(rows),
        complete: (answersJson) => counter.addComplete(builder.addDocument('complete', null, answersJson)),
        interrupted: (cursor, count) => counter.addInterrupted(cursor, count),
      });
    } else {
      await source.eachResponse(survey.id, (row) => {
        if (row.status === 'complete') counter.addComplete(builder.addDocument('complete', null, row.answersJson));
        else if (hasAnswers(row.answersJson)) counter.addInterrupted(row.cursor, 1);
      }, { anyOrder: true });
    }
    if (builder.completeResponses < minComplete) return err({ code: 'results.too_few', minComplete });
    const rows = builder.build();
    return ok({ context: { survey, definition, minCell }, rows, participation: counter.result(), protection: new Protection(definition, rows, minCell) });
  }
}

/**
 * The subgroup tests, loaded when a comparison is asked for: their distribution functions
 * (@stdlib's incomplete gamma and hypergeometric) take longer to load than the overview takes
 * to compute at 1,451 respondents.
 */
function subgroups(): Promise<typeof import('./subgroups.ts')> {
  return import('./subgroups.ts');
}

/** Participants, complete responses and drop-off, counted while the rows stream past. */
class ParticipationCounter {
  private participants = 0;
  private complete = 0;
  private readonly stopped = new Map<string, number>();

  constructor(private readonly definition: Definition) {}

  addComplete(hasAnswer: boolean): void {
    if (hasAnswer) {
      this.participants++;
      this.complete++;
    }
  }

  /** `count` interrupted responses holding an answer, stopped at `cursor`. */
  addInterrupted(cursor: string | null, count: number): void {
    this.participants += count;
    if (cursor !== null) this.stopped.set(cursor, (this.stopped.get(cursor) ?? 0) + count);
  }

  result(): Participation {
    return {
      participants: this.participants,
      complete: this.complete,
      completionRate: this.participants === 0 ? null : this.complete / this.participants,
      dropOff: this.definition.items.map((i) => ({ itemCode: i.code, count: this.stopped.get(i.code) ?? 0 })).filter((d) => d.count > 0),
    };
  }
}
