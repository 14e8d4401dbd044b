/**
 * A form brought by an admin, end to end on Telegram: loaded as a document (caption or reply),
 * refused with its rows when it cannot run, opened, taken by a member in the private chat
 * (the exclusive "None" clearing the other ticks), and stored as the form's answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redcapCsv } from '../../forms/support.ts';
import { storedAnswerDocuments } from '../../support/stored-answers.ts';
import { buttonLabels, type FakeChat, type FakeUser } from './fake-bot-api.ts';
import { deepLinkOf, Player, startHarness, type Harness } from './harness.ts';

const FORM = redcapCsv([
  { name: 'role', form: 'burnout', type: 'radio', label: 'Votre fonction', choices: '1, Interne | 2, Senior', required: 'y', annotation: '@CONFRERES-GROUPING' },
  { name: 'causes', form: 'burnout', type: 'checkbox', label: 'Causes de fatigue', choices: '1, Horaires | 2, Patients | 98, Aucune', required: 'y', annotation: "@NONEOFTHEABOVE='98'" },
  { name: 'hours', form: 'burnout', type: 'text', validation: 'integer', min: '0', max: '100', label: 'Heures par semaine', required: 'y', branching: "[causes(1)] = '1'" },
]);
const BAD_FORM = redcapCsv([
  { name: 'email', type: 'text', label: 'Votre courriel' },
  { name: 'q2', type: 'text', label: 'Q2', branching: "[q1] = '1'" },
]);

describe('Telegram: a REDCap form loaded, opened and taken', () => {
  let h: Harness;
  let group: FakeChat;
  let admin: FakeUser;
  let member: FakeUser;

  beforeAll(async () => {
    h = await startHarness();
    group = h.fake.group(-1005550000001, 'Réanimation');
    admin = h.fake.user(8101, 'Admin', { language_code: 'fr' });
    member = h.fake.user(8102, 'Membre', { language_code: 'fr' });
    h.fake.setStatus(group, admin, 'creator');
    h.fake.setStatus(group, member, 'member');
    h.fake.addBotToGroup(group, admin);
    await h.fake.waitFor('the greeting', () => h.fake.lastBotMessage(group));
    // The admin has opened the private chat, where replies meant for them alone go.
    await new Player(h.fake, admin).say('/start');
  });

  afterAll(async () => {
    await h?.close();
  });

  async function botAnswer(chat: FakeChat, act: () => void): Promise<string> {
    const before = h.fake.botMessages(chat).length;
    act();
    await h.fake.waitFor('the bot’s answer', () => h.fake.botMessages(chat).length > before);
    return h.fake.botMessages(chat).slice(before).map((m) => m.text ?? '').join('\n');
  }

  it('refuses a form replied to with /survey load, listing each problem by row, and stores nothing', async () => {
    const document = h.fake.sendDocument(admin, group, 'bad.csv', BAD_FORM);
    const text = await botAnswer(h.fake.privateChat(admin), () => h.fake.send(admin, group, '/survey load', { replyTo: document }));
    expect(text).toContain('Formulaire refusé (2 problème(s))');
    expect(text).toContain('ligne 3 (colonne Variable / Field Name) : « email » demande l’identité du répondant');
    expect(text).toContain('ligne 4 (colonne Branching Logic) : « q1 » n’est pas une question du formulaire');
    const community = await h.app.services.catalog.findCommunity('telegram', String(group.id));
    expect(await h.app.services.forms.list(community?.id ?? '')).toEqual([]);
  });

  it('refuses a member who tries to load a form, without fetching the file', async () => {
    const fetched = h.fake.callsOf('getFile').length;
    const text = await botAnswer(group, () => h.fake.sendDocument(member, group, 'burnout.csv', FORM, { caption: '/survey load' }));
    expect(text).toBe('Cette commande est réservée aux administrateurs de la communauté.');
    expect(h.fake.callsOf('getFile')).toHaveLength(fetched);
  });

  it('loads a form sent with /survey load as its caption', async () => {
    const fetched = h.fake.callsOf('getFile').length;
    const text = await botAnswer(h.fake.privateChat(admin), () => h.fake.sendDocument(admin, group, 'burnout.csv', FORM, { caption: '/survey load' }));
    expect(text).toBe('Formulaire « Burnout » chargé : burnout, version 1, 3 question(s). Ouvrez-le avec /survey open form:burnout.');
    expect(h.fake.callsOf('getFile')).toHaveLength(fetched + 1);
  });

  it('opens the form loaded last, and a member takes it in the private chat', async () => {
    const announcement = await botAnswer(group, () => h.fake.send(admin, group, '/survey open'));
    expect(announcement).toContain('« Burnout » est ouvert');
    const link = deepLinkOf(h.fake.lastBotMessage(group));
    const player = new Player(h.fake, member);
    await player.openLink(link);
    let question = player.questionMessage();
    expect(question?.text).toContain('Votre fonction');
    await player.press(question ?? h.fake.botMessages(player.chat)[0]!, 'Senior');
    question = player.questionMessage();
    expect(question?.text).toContain('Causes de fatigue');
    await player.press(question!, 'Horaires');
    await player.press(question!, 'Patients');
    // Ticking the exclusive "Aucune" clears the others; ticking another clears it again.
    await player.press(question!, 'Aucune');
    expect(buttonLabels(player.questionMessage()).filter((l) => l.startsWith('✓'))).toEqual(['✓ Aucune']);
    await player.press(question!, 'Horaires');
    expect(buttonLabels(player.questionMessage()).filter((l) => l.startsWith('✓'))).toEqual(['✓ Horaires']);
    await player.press(question!, 'Valider');
    question = player.questionMessage();
    expect(question?.text).toContain('Heures par semaine');
    const forceReply = await h.fake.waitFor('the reply prompt', () => h.fake.botMessages(player.chat).find((m) => m.message_id > question!.message_id && m.reply_markup?.force_reply));
    const refused = await player.say('cent dix', forceReply);
    expect(refused.map((m) => m.text).join('\n')).toContain('« cent dix » n’est pas un nombre entier.');
    await player.say('55', forceReply);
    await h.fake.waitFor('the thanks', () => player.isComplete());
    const survey = await h.app.services.catalog.findSurvey((await h.app.services.catalog.currentSurvey((await h.app.services.catalog.findCommunity('telegram', String(group.id)))?.id ?? ''))?.id ?? '');
    expect(survey).toMatchObject({ definitionId: 'burnout', definitionVersion: 1 });
    // One complete response waits in the release pool (no key, no date) until a batch can go out.
    expect(await storedAnswerDocuments(h.app.config.databaseUrl)).toEqual([{ role: '2', causes: ['1'], hours: 55 }]);
  });
});
