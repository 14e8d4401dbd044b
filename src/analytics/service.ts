/**
 * The results service: who may see what, and the analyses behind /results, /table1, /export
 * and the researchers' command line. It returns published (small-cell protected) data; the
 * report module turns it into text, charts or JSON.
 *
 * Who sees what: community admins at any time; members once the survey is closed or when the
 * community turned live results on; nobody before RESULTS_MIN_COMPLETE complete responses.
 */
import type { Language } from '../shared/language.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Definition } from '../survey/definition.ts';
import type { CommunityRecord, SurveyCatalog, SurveyRecord } from '../survey/ports.ts';
import type { DefinitionRegistry } from '../survey/registry.ts';
import type { ResponseSource } from './ports.ts';
import {
  publishComparison,
  publishItem,
  publishParticipation,
  publishTable1,
  type PublishedComparison,
  type PublishedItem,
  type PublishedParticipation,
  type PublishedTable1,
} from './published.ts';
import { renderOverview } from './report/index.ts';
import { compareItem, table1, type ComparisonProblem } from './subgroups.ts';
import { isParticipant, participation, summarizeAll, summarizeItem, summarizeVariable } from './summaries.ts';
import { exportCodebook, exportResponses } from './transfer/export.ts';
import { exportRedcapDictionary, exportRedcapRecords } from './transfer/redcap-export.ts';
import { groupingVariable, prepareRows, type AnalysisRow } from './variables.ts';

export type { RenderedResults } from './report/index.ts';

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
  readonly catalog: SurveyCatalog;
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
    const { context, rows } = loaded.value;
    const { definition, minCell } = context;
    return ok({
      ...context,
      participation: publishParticipation(definition, participation(definition, rows), minCell),
      items: summarizeAll(definition, rows).map((s) => publishItem(definition, s, minCell)),
    });
  }

  async item(survey: SurveyRecord | null, viewer: Viewer, code: string, by?: string): Promise<Result<ItemResult, ResultsError>> {
    const loaded = await this.load(survey, viewer);
    if (!loaded.ok) return loaded;
    const { context, rows } = loaded.value;
    const { definition, minCell } = context;
    const item = definition.items.find((i) => i.code === code);
    const variable = groupingVariable(definition, code);
    const summary = item ? summarizeItem(item, rows) : variable ? summarizeVariable(variable, rows) : null;
    if (!summary) return err({ code: 'results.unknown_item', item: code });
    let comparisons: PublishedComparison[] | null = null;
    if (by !== undefined) {
      const compared = compareItem(definition, rows, code, by);
      if (!compared.ok) return err(compared.error);
      comparisons = compared.comparisons.map((c) => publishComparison(c, minCell));
    }
    return ok({ ...context, item: publishItem(definition, summary, minCell), comparisons });
  }

  async table1(survey: SurveyRecord | null, viewer: Viewer): Promise<Result<Table1Result, ResultsError>> {
    const loaded = await this.load(survey, viewer);
    if (!loaded.ok) return loaded;
    const { context, rows } = loaded.value;
    return ok({ ...context, table: publishTable1(table1(context.definition, rows), context.minCell) });
  }

  /**
   * The raw responses as CSV, for admins. Subject to the minimum of complete responses like
   * any result; the small-cell rule does not apply to row-level data an admin asked for.
   */
  async export(survey: SurveyRecord | null, viewer: Viewer): Promise<Result<ExportFiles, ResultsError>> {
    if (!viewer.isAdmin) return err({ code: 'results.admin_only' });
    const loaded = await this.load(survey, viewer);
    if (!loaded.ok) return loaded;
    const { context, rows } = loaded.value;
    return ok({
      responses: exportResponses(context.definition, rows),
      codebook: exportCodebook(context.definition),
      count: rows.filter(isParticipant).length,
    });
  }

  /**
   * The responses as REDCap's Data Import Tool reads them, with the dictionary they match.
   * `viewer` null: the researcher's command line, with no minimum of responses.
   */
  async exportRedcap(survey: SurveyRecord | null, viewer: Viewer | null, language: Language): Promise<Result<RedcapFiles, ResultsError>> {
    if (viewer && !viewer.isAdmin) return err({ code: 'results.admin_only' });
    if (!survey) return err({ code: 'results.no_survey' });
    const loaded = viewer ? await this.load(survey, viewer) : null;
    if (loaded && !loaded.ok) return loaded;
    const definition = await this.deps.definitions.ensureFor(survey);
    const rows = loaded ? loaded.value.rows : prepareRows(definition, await this.deps.source.responses(survey.id));
    return ok({
      records: exportRedcapRecords(definition, rows),
      dictionary: exportRedcapDictionary(definition, language).csv,
      count: rows.filter(isParticipant).length,
    });
  }

  /** Exports with no minimum, for the researcher's command line on their own database. */
  async exportAll(survey: SurveyRecord): Promise<ExportFiles> {
    const definition = await this.deps.definitions.ensureFor(survey);
    const rows = prepareRows(definition, await this.deps.source.responses(survey.id));
    return { responses: exportResponses(definition, rows), codebook: exportCodebook(definition), count: rows.filter(isParticipant).length };
  }

  /**
   * Item results with charts for a scheduled post (src/schedule's ResultsReporter): shown to
   * the whole community, so with a member's rights; null when members may not see them yet.
   */
  async report(
    survey: SurveyRecord,
    community: CommunityRecord,
    language: Language,
    _kind: 'progress' | 'final',
  ): Promise<{ text: string; files: { name: string; data: Buffer }[] } | null> {
    const overview = await this.overview(survey, { isAdmin: false, liveResults: community.liveResults });
    if (!overview.ok) return null;
    const rendered = await renderOverview(overview.value, language);
    return { text: rendered.text, files: [...rendered.files] };
  }

  async setLive(community: CommunityRecord | null, viewer: Viewer, on: boolean): Promise<Result<{ live: boolean }, ResultsError>> {
    if (!viewer.isAdmin) return err({ code: 'results.admin_only' });
    if (!community) return err({ code: 'results.no_survey' });
    await this.deps.catalog.setLiveResults(community.id, on);
    return ok({ live: on });
  }

  private async load(
    survey: SurveyRecord | null,
    viewer: Viewer,
  ): Promise<Result<{ context: Context; rows: AnalysisRow[] }, ResultsError>> {
    if (!survey) return err({ code: 'results.no_survey' });
    if (!viewer.isAdmin && !isPublic(survey, viewer)) return err({ code: 'results.not_public' });
    const { minCell, minComplete } = this.deps.policy;
    const definition = await this.deps.definitions.ensureFor(survey);
    const responses = await this.deps.source.responses(survey.id);
    const complete = responses.filter((r) => r.status === 'complete').length;
    if (complete < minComplete) return err({ code: 'results.too_few', minComplete });
    return ok({ context: { survey, definition, minCell }, rows: prepareRows(definition, responses) });
  }
}
