/**
 * npm run form -- check FILE[#instrument] [--lang fr|en]
 * npm run form -- add FILE[#instrument] [--lang fr|en] [--open]
 * npm run form -- list
 * npm run form -- dictionary --out FILE [--survey ID] [--lang fr|en]
 * npm run form -- xlsform --out FILE [--survey ID]
 *
 * `check` reads a REDCap data dictionary (.csv) or an XLSForm (.xlsx) and reports what the bot
 * would ask, or every problem with its row; it stores nothing. `add` loads it into the terminal
 * community (the one `npm start` runs without a platform token); `--open` also opens a run with
 * it. `dictionary` and `xlsform` write the questionnaire of a survey (the built-in one by
 * default) as a REDCap dictionary or an XLSForm.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportRedcapDictionary } from '../analytics/transfer/redcap-export.ts';
import { CONSOLE_COMMUNITY_ID } from '../platforms/console/console.ts';
import { dayOf } from '../shared/day.ts';
import type { Language } from '../shared/language.ts';
import type { Definition } from '../survey/definition.ts';
import { formatProblem, splitInstrument, type FormProblem } from '../survey/forms/index.ts';
import { writeXlsForm } from '../survey/forms/xlsform-writer.ts';
import { isMain, languageOption, openApp, parseOptions, run, UsageError } from './common.ts';

const USAGE = [
  'Usage: npm run form -- check FILE[#instrument] [--lang fr|en]',
  '       npm run form -- add FILE[#instrument] [--lang fr|en] [--open]',
  '       npm run form -- list',
  '       npm run form -- dictionary --out FILE [--survey ID] [--lang fr|en]',
  '       npm run form -- xlsform --out FILE [--survey ID]',
].join('\n');

const TEXTS = {
  fr: {
    ok: (n: number, id: string) => `Formulaire lisible : ${n} question(s), identifiant « ${id} ».`,
    refused: (n: number) => `Formulaire refusé (${n} problème(s)) ; rien n’a été enregistré :`,
    warnings: 'Remarques :',
    added: (id: string, version: number) => `Formulaire chargé : ${id}, version ${version}. Ouvrez-le avec /survey open form:${id}.`,
    again: (id: string, version: number) => `Ce fichier est déjà chargé : ${id}, version ${version}.`,
    opened: (id: string) => `Questionnaire ouvert avec ${id} dans la communauté du terminal.`,
    alreadyOpen: 'Un questionnaire est déjà ouvert dans la communauté du terminal : fermez-le d’abord (/survey close).',
    none: 'Aucun formulaire chargé dans la communauté du terminal.',
    written: (file: string) => `Écrit : ${file}`,
    leftOut: (codes: string) => `Non exprimable dans REDCap, laissé de côté : ${codes}`,
    notDurable: 'Cette base de données n’a pas encore de table Form (migration Store v2) : un formulaire chargé ici serait perdu. Rien n’a été enregistré.',
  },
  en: {
    ok: (n: number, id: string) => `Form readable: ${n} question(s), id "${id}".`,
    refused: (n: number) => `Form refused (${n} problem(s)); nothing was stored:`,
    warnings: 'Notes:',
    added: (id: string, version: number) => `Form loaded: ${id}, version ${version}. Open it with /survey open form:${id}.`,
    again: (id: string, version: number) => `This file is already loaded: ${id}, version ${version}.`,
    opened: (id: string) => `Survey opened with ${id} in the terminal community.`,
    alreadyOpen: 'A survey is already open in the terminal community: close it first (/survey close).',
    none: 'No form loaded in the terminal community.',
    written: (file: string) => `Written: ${file}`,
    leftOut: (codes: string) => `Not expressible in REDCap, left out: ${codes}`,
    notDurable: 'This database has no Form table yet (Store v2 migration): a form loaded here would be lost. Nothing was stored.',
  },
} as const;

export async function formCli(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    { lang: { type: 'string' }, open: { type: 'boolean' }, out: { type: 'string' }, survey: { type: 'string' } },
    true,
  );
  const [command, target] = positionals;
  if (!command || !['check', 'add', 'list', 'dictionary', 'xlsform'].includes(command)) throw new UsageError('Say what to do: check, add, list, dictionary or xlsform');
  if ((command === 'check' || command === 'add') && !target) throw new UsageError(`${command} needs a FILE`);
  if ((command === 'dictionary' || command === 'xlsform') && !values.out) throw new UsageError('--out FILE is required');
  const app = await openApp(env);
  try {
    const language = languageOption(values.lang, app);
    const texts = TEXTS[language];
    const { forms, catalog } = app.services;
    const day = dayOf(app.now());
    const community = await catalog.ensureCommunity('console', CONSOLE_COMMUNITY_ID, 'Confrères (terminal)', day);
    if (command === 'check' || command === 'add') {
      const { file, instrument } = splitInstrument(target ?? '');
      const bytes = readFileSync(file);
      const options = { fileName: path.basename(file), language, instrument };
      if (command === 'check') {
        const read = await forms.check(bytes, options);
        if (!read.ok) return refuse(read.error, language, err);
        out(`${texts.ok(read.value.definition.items.length, read.value.definition.id)}\n`);
        printWarnings(read.value.warnings, language, out);
        out(describe(read.value.definition, language));
        return 0;
      }
      if (!forms.durable) {
        err(`${texts.notDurable}\n`);
        return 1;
      }
      const loaded = await forms.load(community.id, bytes, options);
      if (!loaded.ok) return refuse(loaded.error, language, err);
      const { form } = loaded.value;
      out(`${(loaded.value.alreadyLoaded ? texts.again : texts.added)(form.definitionId, form.version)}\n`);
      printWarnings(loaded.value.warnings, language, out);
      if (values.open) {
        const survey = await catalog.openSurvey(community.id, form.definitionId, form.version, day);
        if (!survey) {
          err(`${texts.alreadyOpen}\n`);
          return 1;
        }
        out(`${texts.opened(form.definitionId)}\n`);
      }
      return 0;
    }
    if (command === 'list') {
      const list = await forms.list(community.id);
      if (list.length === 0) out(`${texts.none}\n`);
      for (const form of list) out(`${form.definitionId}@${form.version}  ${form.format}  ${form.name}  ${form.createdAt.toISOString().slice(0, 10)}\n`);
      return 0;
    }
    const survey = values.survey ? await catalog.findSurvey(values.survey) : null;
    if (values.survey && !survey) throw new UsageError(`No survey ${values.survey}`);
    const definition = survey ? await app.services.definitions.ensureFor(survey) : app.services.definitions.defaultDefinition();
    const outFile = values.out ?? '';
    if (command === 'dictionary') {
      const dictionary = exportRedcapDictionary(definition, language);
      writeFileSync(outFile, dictionary.csv);
      if (dictionary.leftOut.length > 0) out(`${texts.leftOut(dictionary.leftOut.join(', '))}\n`);
    } else {
      writeFileSync(outFile, await writeXlsForm(definition));
    }
    out(`${texts.written(outFile)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

function refuse(problems: readonly FormProblem[], language: Language, err: (text: string) => void): number {
  err(`${TEXTS[language].refused(problems.length)}\n${problems.map((p) => `  - ${formatProblem(p, language)}`).join('\n')}\n`);
  return 1;
}

function printWarnings(warnings: readonly FormProblem[], language: Language, out: (text: string) => void): void {
  if (warnings.length === 0) return;
  out(`${TEXTS[language].warnings}\n${warnings.map((w) => `  - ${formatProblem(w, language)}`).join('\n')}\n`);
}

/** One line per question: code, kind, label, and the condition it is asked under. */
function describe(definition: Definition, language: Language): string {
  return definition.items
    .map((item) => {
      const kind = item.type === 'text' && item.format ? item.format : item.type;
      const rule = item.relevant ? `  [${item.relevant.source}]` : '';
      return `  ${item.code} (${kind}${item.required ? '' : ', optional'}) ${item.label[language].split('\n')[0]}${rule}\n`;
    })
    .join('');
}

if (isMain(import.meta.url)) {
  run(() => formCli(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t)), USAGE);
}
