/**
 * /results, /table1 and /export through the dispatcher, on a real temporary database: who sees
 * what, what is private, and what files come back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/analytics/demo/cohort.ts';
import type { Reply } from '../../src/commands/command.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

let temp: TempApp;
let community: CommunityRecord;
let surveyId: string;
const member = { platform: 'discord', userId: '812345678901234567' };

beforeEach(async () => {
  temp = await createTempApp({ now: () => new Date('2026-11-28T14:35:12Z') });
  const { catalog, definitions } = temp.app.services;
  community = await catalog.ensureCommunity('discord', '900000000000000001', 'Médecins test', '2026-11-28');
  const definition = definitions.defaultDefinition();
  surveyId = (await catalog.openSurvey(community.id, definition.id, definition.version, '2026-11-28'))!.id;
});
afterEach(() => temp.cleanup());

async function seed(count: number) {
  const cohort = generateCohort(temp.app.services.definitions.defaultDefinition()).filter((r) => r.status === 'complete').slice(0, count);
  await temp.app.store.importer.importResponses(surveyId, cohort);
}

async function run(name: string, options: Record<string, string>, isAdmin: boolean): Promise<Reply> {
  const fresh = await temp.app.services.catalog.findCommunity(community.platform, community.externalId);
  return temp.app.dispatcher.dispatch({
    name,
    subcommand: null,
    options,
    member,
    isAdmin,
    language: 'en',
    community: fresh,
    services: temp.app.services,
    now: new Date('2026-11-28T14:35:12Z'),
  });
}

const isPng = (data: Buffer | undefined) => data?.subarray(1, 4).toString('latin1') === 'PNG';

describe('/results', () => {
  it('shows nothing before 10 complete responses, even to admins', async () => {
    await seed(9);
    expect(await run('results', {}, true)).toEqual({ text: expect.stringContaining('from 10 complete responses'), private: true });
  });

  it('while open: admins see it privately, members do not, until an admin turns live results on', async () => {
    await seed(40);
    expect((await run('results', {}, false)).text).toContain('visible when the survey closes');
    const admin = await run('results', {}, true);
    expect(admin.private).toBe(true);
    expect(admin.text).toContain('40 participants');
    expect(admin.files?.length).toBeGreaterThan(0);
    expect(admin.files?.every((f) => isPng(f.data))).toBe(true);

    expect((await run('results', { live: 'on' }, false)).text).toBe('Community admins only.');
    expect((await run('results', { live: 'on' }, true)).text).toContain('Live results on');
    const shown = await run('results', {}, false);
    expect(shown.private).toBe(false);
    expect(shown.text).toContain('40 participants');
    await run('results', { live: 'off' }, true);
    expect((await run('results', {}, false)).private).toBe(true);
  });

  it('once closed, members see results in the group; one item, compared across a grouping, with its chart', async () => {
    await seed(60);
    await temp.app.services.catalog.closeSurvey(surveyId, '2026-11-29');
    const reply = await run('results', { item: 'q13', by: 'gp' }, false);
    expect(reply.private).toBe(false);
    expect(reply.text).toContain('q13 · Reassured in my care ≥ 8 by Specialty');
    expect(reply.files?.map((f) => f.name)).toEqual(['q13-by-gp.png']);
    expect(isPng(reply.files?.[0]?.data)).toBe(true);
    expect((await run('results', { item: 'q99' }, false)).text).toBe('Unknown item: q99.');
    expect((await run('results', { item: 'q9', by: 'shoe_size' }, false)).text).toContain('Unknown grouping: shoe_size.');
  });
});

describe('/table1 and /export', () => {
  it('gives Table 1 as text, CSV and one chart per grouping', async () => {
    await seed(300);
    await temp.app.services.catalog.closeSurvey(surveyId, '2026-11-29');
    const reply = await run('table1', {}, false);
    expect(reply.text).toContain('Table 1 — Subgroup analysis');
    expect(reply.files?.map((f) => f.name)).toEqual(['table1.csv', 'table1-gp.png', 'table1-underserved.png', 'table1-age_group.png']);
    expect(reply.files?.slice(1).every((f) => isPng(f.data))).toBe(true);
    const csv = reply.files?.[0]?.data.toString('utf8') ?? '';
    expect(csv.startsWith('\uFEFFgrouping,outcome,outcome_label,reported,group,group_label,n,count,percent,method,p,p_holm,cramers_v')).toBe(true);
  });

  it('sends admins the CSV files privately; members cannot', async () => {
    await seed(30);
    expect((await run('export', {}, false)).text).toContain('admin');
    const reply = await run('export', {}, true);
    expect(reply.private).toBe(true);
    expect(reply.text).toContain('Export of 30 response(s)');
    expect(reply.files?.map((f) => f.name)).toEqual(['responses.csv', 'codebook.csv']);
    const csv = reply.files?.[0]?.data.toString('utf8') ?? '';
    // A byte-order mark for Excel, a header and 30 rows.
    expect(csv.startsWith('\uFEFFcomplete,q1,q2,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(31);
  });
});
