import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/commands/command.ts';
import type { DispatchRequest } from '../../src/commands/dispatch.ts';
import type { CmeError, DigestSettingsError } from '../../src/cme/errors.ts';
import { describeCmeError } from '../../src/cme/messages.ts';
import type { CommunityRecord } from '../../src/survey/ports.ts';
import { findInDatabase, tableCounts } from '../support/anonymity-audit.ts';
import { createTempApp, type TempApp } from '../support/temp-app.ts';

let temp: TempApp;
let server: CommunityRecord;
const NOW = new Date('2026-03-25T10:00:00Z');
const alice = { platform: 'discord', userId: '812345678901234567' };

beforeEach(async () => {
  temp = await createTempApp({ now: () => NOW });
  server = await temp.app.services.catalog.ensureCommunity('discord', '900000000000000001', 'Médecins', '2026-03-01');
});
afterEach(() => temp.cleanup());

function run(request: Partial<DispatchRequest> & { name: string }): Promise<Reply> {
  return temp.app.dispatcher.dispatch({
    subcommand: null,
    options: {},
    member: alice,
    isAdmin: false,
    language: 'fr',
    community: server,
    services: temp.app.services,
    now: NOW,
    ...request,
  });
}

describe('/cme', () => {
  it('shares with /cme share, confirms publicly, then counts a re-share as an endorsement', async () => {
    const first = await run({
      name: 'cme',
      subcommand: 'share',
      options: { url: 'https://www.nejm.org/doi/full/10.1056/NEJMoa2034577?utm_source=twitter', title: 'Sotagliflozin in HF', topic: 'cardiology' },
    });
    expect(first).toEqual({
      text: '📌 Ajouté au digest FMC : « Sotagliflozin in HF »\nhttps://www.nejm.org/doi/full/10.1056/NEJMoa2034577\nthème : Cardiologie · DOI 10.1056/nejmoa2034577',
    });
    // Another member's re-share is an endorsement (the sharer's own re-share is not: test/store/cme-endorsements.test.ts).
    const again = await run({ name: 'cme', options: { url: 'https://doi.org/10.1056/NEJMoa2034577' }, language: 'en', member: { platform: 'discord', userId: '812345678901234999' } });
    expect(again.text).toBe(
      '👍 Already shared here: counted as one more endorsement for “Sotagliflozin in HF” (2 in all).\nhttps://www.nejm.org/doi/full/10.1056/NEJMoa2034577',
    );
    expect(again.private).toBeUndefined();
  });

  it('takes the message a Telegram reply or a Discord message menu points at', async () => {
    const reply = await run({
      name: 'cme',
      referenced: { text: 'Fiche HAS asthme de l’enfant #pédiatrie https://www.has-sante.fr/jcms/p_3400000/fr/asthme?xtor=RSS-1', link: 'https://discord.com/channels/9/8/7' },
    });
    expect(reply.text).toBe('📌 Ajouté au digest FMC : « Fiche HAS asthme de l’enfant »\nhttps://www.has-sante.fr/jcms/p_3400000/fr/asthme\nthème : Pédiatrie');
    const document = await run({ name: 'cme', referenced: { file: { id: 'BQACAgQAAxkBAAIBd2', name: 'protocole-AVK.pdf' }, link: 'https://t.me/c/1/9' } });
    expect(document.text).toBe('📌 Ajouté au digest FMC : « protocole-AVK.pdf »');
    const stored = await temp.app.db.cmePoint.findFirst({ where: { fileId: 'BQACAgQAAxkBAAIBd2' } });
    expect(stored).toMatchObject({ key: 'file:BQACAgQAAxkBAAIBd2', url: null, messageLink: 'https://t.me/c/1/9' });
  });

  it('stores who shared only as a name they typed, and never a platform id', async () => {
    await run({ name: 'cme', options: { url: 'https://a.example/1' } });
    const credited = await run({ name: 'cme', subcommand: 'share', options: { url: 'https://a.example/2', credit: 'Dr Martin' } });
    expect(credited.text).toContain('Vous serez cité·e comme « Dr Martin ».');
    expect((await temp.app.db.cmePoint.findMany({ orderBy: { firstSharedAt: 'asc' } })).map((p) => p.creditName).sort()).toEqual(['Dr Martin', null]);
    expect(await findInDatabase(temp.databaseUrl, [alice.userId])).toEqual([]);
  });

  it('answers bad input privately, in the member’s language, and records nothing', async () => {
    const before = await tableCounts(temp.databaseUrl);
    expect(await run({ name: 'cme' })).toEqual({
      text: 'Partagez un lien avec /cme <lien> [titre], ou répondez par /cme à un message contenant un lien ou un document.',
      private: true,
    });
    expect(await run({ name: 'cme', options: { url: 'ftp://x.org/a' } })).toEqual({
      text: '« ftp://x.org/a » n’est pas un lien http(s) valide ; rien n’a été enregistré.',
      private: true,
    });
    expect((await run({ name: 'cme', subcommand: 'share', options: { url: 'https://a.example', topic: 'astrology' }, language: 'en' })).text).toBe(
      'Invalid value “astrology” for topic. Allowed values: gp, anesthesiology, cardiology, dermatology, endocrinology, gastroenterology, geriatrics, gynecology, emergency, internal_medicine, nephrology, neurology, oncology, ophthalmology, ent, pediatrics, psychiatry, pulmonology, radiology, rheumatology, surgery, urology, occupational, public_health, other.',
    );
    expect((await run({ name: 'cme', options: { url: 'https://a.example', credit: '<@812345678901234567>' } })).private).toBe(true);
    expect((await run({ name: 'cme', referenced: { text: 'sans lien' } })).text).toContain('Je ne trouve ni lien ni document');
    expect(await tableCounts(temp.databaseUrl)).toEqual(before);
  });
});

describe('/digest', () => {
  it('previews the coming digest privately to any member, with the whole text attached when long', async () => {
    for (let i = 0; i < 3; i++) await run({ name: 'cme', options: { url: `https://www.has-sante.fr/jcms/p_${i}`, title: `Reco ${i}` } });
    const short = await run({ name: 'digest', subcommand: 'preview' });
    expect(short.private).toBe(true);
    expect(short.text).toContain('👀 Aperçu du prochain digest : partages du 23 mars 2026 au 25 mars 2026 (3)');
    expect(short.text).toContain('Publication prévue : lundi 30 mars 2026 à 08:00.');
    expect(short.files).toBeUndefined();

    for (let i = 3; i < 40; i++) {
      await run({ name: 'cme', options: { url: `https://www.has-sante.fr/jcms/p_${i}/fr/une-recommandation-au-titre-long`, title: `Recommandation de bonne pratique numéro ${i} sur un sujet précis` } });
    }
    const long = await run({ name: 'digest', subcommand: 'preview', language: 'en' });
    expect(long.text?.length).toBeLessThanOrEqual(2000);
    expect(long.text).toContain('The full digest will take');
    expect(long.files?.[0]?.name).toBe('digest-preview.txt');
    expect(long.files?.[0]?.data.toString('utf8')).toContain('numéro 39');
  });

  it('lets admins only change the settings, and saves nothing from a bad option', async () => {
    expect((await run({ name: 'digest', subcommand: 'config', options: { enabled: 'false' } })).text).toBe(
      'Cette commande est réservée aux administrateurs de la communauté.',
    );
    const shown = await run({ name: 'digest', subcommand: 'config', isAdmin: true });
    expect(shown.text).toBe(
      'Digest FMC activé, chaque lundi à 08:00 (Europe/Paris), dans aucun salon (choisissez-en un avec /digest config channel:#salon). Semaines sans partage publiées : non. Suivi du questionnaire publié : oui. Prochaine publication : lundi 30 mars 2026 à 08:00.',
    );
    const bad = await run({ name: 'digest', subcommand: 'config', isAdmin: true, options: { channel: '<#900000000000000777>', timezone: 'Europe/Pariss' } });
    expect(bad).toEqual({ text: 'Fuseau horaire inconnu : « Europe/Pariss ». Exemples : Europe/Paris, America/Montreal, Africa/Casablanca.', private: true });
    expect(await temp.app.db.digestConfig.count()).toBe(0);
    const saved = await run({
      name: 'digest',
      subcommand: 'config',
      isAdmin: true,
      language: 'en',
      options: { channel: '<#900000000000000777>', day: 'fri', time: '7:30', timezone: 'Africa/Casablanca', empty_weeks: 'on' },
    });
    expect(saved.text).toBe(
      'Settings saved. CME digest on, every Friday at 07:30 (Africa/Casablanca), in <#900000000000000777>. Weeks without shares posted: yes. Survey progress posted: yes. Next post: Friday, 27 March 2026 at 07:30.',
    );
  });
});

describe('messages', () => {
  it('has a text for every error code in both languages', () => {
    const errors: (CmeError | DigestSettingsError)[] = [
      { code: 'cme.nothing_to_share' },
      { code: 'cme.bad_url', value: 'x' },
      { code: 'cme.url_too_long', max: 1500 },
      { code: 'cme.title_too_long', max: 200 },
      { code: 'cme.topic_unknown', value: 'x' },
      { code: 'cme.too_many_tags', max: 8 },
      { code: 'cme.credit_invalid' },
      { code: 'cme.not_found' },
      { code: 'digest.bad_day', value: 'x' },
      { code: 'digest.bad_time', value: 'x' },
      { code: 'digest.bad_timezone', value: 'x' },
      { code: 'digest.bad_flag', option: 'enabled', value: 'x' },
      { code: 'digest.bad_channel', value: 'x' },
    ];
    for (const error of errors) {
      for (const language of ['fr', 'en'] as const) {
        const text = describeCmeError(language, error);
        expect(typeof text).toBe('string');
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toContain('undefined');
      }
    }
  });
});
