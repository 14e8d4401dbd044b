import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsolePublisher } from '../../../src/platforms/console/publisher.ts';
import { ConsoleSession } from '../../../src/platforms/console/console.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { createTempApp, type TempApp } from '../../support/temp-app.ts';
import { Clock } from '../../schedule/support.ts';

let temp: TempApp;
afterEach(() => temp.cleanup());

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

describe('terminal mode: CME capture and the digest', () => {
  it('captures typed /cme lines and prints the scheduled digest', async () => {
    const clock = new Clock('2026-03-25T10:00:00Z');
    temp = await createTempApp({ now: clock.now });
    const input = new PassThrough();
    const output = collector();
    const session = new ConsoleSession({
      input,
      output: output.stream,
      services: temp.app.services,
      dispatcher: temp.app.dispatcher,
      logger: silentLogger,
      member: { platform: 'console', userId: 'local-member' },
      isAdmin: true,
      language: 'fr',
      communityName: 'Confrères (terminal)',
      now: clock.now,
    });
    const done = session.run();
    input.end(
      [
        '/cme https://www.has-sante.fr/jcms/p_3301556/fr/hta?utm_source=lettre title:"Prise en charge de l’HTA" topic:cardio',
        '/cme https://pubmed.ncbi.nlm.nih.gov/34447992/ ESC 2021 insuffisance cardiaque',
        '/cme https://WWW.has-sante.fr/jcms/p_3301556/fr/hta#resume',
        '/cme share https://doi.org/10.1186/s12909-024-05149-z title:"Social networks and CME" topic:gp credit:"Dr Martin"',
        '/digest preview',
        '',
      ].join('\n'),
    );
    await done;
    const text = output.text();
    expect(text).toContain('📌 Ajouté au digest FMC : « Prise en charge de l’HTA »\nhttps://www.has-sante.fr/jcms/p_3301556/fr/hta\nthème : Cardiologie');
    expect(text).toContain('📌 Ajouté au digest FMC : « ESC 2021 insuffisance cardiaque »\nhttps://pubmed.ncbi.nlm.nih.gov/34447992/\nPMID 34447992');
    // The same member sharing the same page again counts once (CmeEndorsement).
    expect(text).toContain('Vous avez déjà partagé « Prise en charge de l’HTA » : chaque membre compte une fois (1 recommandation(s) au total).');
    expect(text).toContain('Vous serez cité·e comme « Dr Martin ».');
    expect(text).toContain('👀 Aperçu du prochain digest : partages du 23 mars 2026 au 25 mars 2026 (3)');

    const posted = collector();
    temp.app.schedule.publishers.set('console', new ConsolePublisher(posted.stream));
    await temp.app.schedule.scheduler.runDue(clock.set('2026-03-30T06:00:00Z'));
    expect(posted.text()).toBe(
      [
        '── [local] ──',
        '📚 Points FMC partagés du 23 mars 2026 au 30 mars 2026 (3)',
        '',
        '■ Médecine générale',
        '1. Social networks and CME',
        '   https://doi.org/10.1186/s12909-024-05149-z',
        '   partagé par Dr Martin',
        '',
        '■ Cardiologie',
        '2. Prise en charge de l’HTA',
        '   https://www.has-sante.fr/jcms/p_3301556/fr/hta',
        '',
        '■ Autres sujets',
        '3. ESC 2021 insuffisance cardiaque',
        '   https://pubmed.ncbi.nlm.nih.gov/34447992/',
        '',
        'Partagez avec /cme <lien> ; le même lien partagé par un autre membre compte comme une recommandation.',
        // The terminal's survey is open: its weekly progress follows the digest.
        '── [local] ──',
        '📊 Questionnaire « Réseaux sociaux, avis médicaux et formation médicale continue », point d’étape : 0 participant(s), 0 réponse(s) complète(s) (taux de complétion —).',
        'Pas encore répondu ? Tapez /survey : c’est anonyme.',
        '',
      ].join('\n'),
    );
  });
});
