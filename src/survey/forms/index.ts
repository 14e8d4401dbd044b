/**
 * Reads a questionnaire file an admin brings: a REDCap data dictionary (.csv) or an XLSForm
 * (.xlsx). The whole form is checked before anything is stored; a form that cannot be run is
 * refused with every problem located in the file.
 */
import { err } from '../../shared/result.ts';
import { problemAt } from './problems.ts';
import { readRedcapDictionary } from './redcap.ts';
import { readXlsForm } from './xlsform.ts';
import type { FormResult, ReadOptions } from './build.ts';

export type { FormFormat, FormResult, ReadForm, ReadOptions } from './build.ts';
export { formatProblem, type FormProblem } from './problems.ts';

/** Larger than any real dictionary or XLSForm (the study's is 30 kB): a bound on what is parsed. */
export const MAX_FORM_BYTES = 5 * 1024 * 1024;

/**
 * "burnout.csv#baseline" → the file and the REDCap instrument asked for
 * (`form:<file>#<instrument>`).
 */
export function splitInstrument(name: string): { file: string; instrument?: string } {
  const hash = name.lastIndexOf('#');
  if (hash <= 0) return { file: name };
  const instrument = name.slice(hash + 1).trim();
  return instrument ? { file: name.slice(0, hash), instrument } : { file: name.slice(0, hash) };
}

export async function readForm(bytes: Uint8Array, options: ReadOptions): Promise<FormResult> {
  if (bytes.length > MAX_FORM_BYTES) {
    return err([problemAt({}, `fichier trop gros (${Math.round(bytes.length / 1024)} ko, au plus ${MAX_FORM_BYTES / 1024} ko)`, `file too large (${Math.round(bytes.length / 1024)} kB, at most ${MAX_FORM_BYTES / 1024} kB)`)]);
  }
  // An .xlsx is a zip archive ("PK"); anything else is read as a CSV dictionary.
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (zip || /\.xlsx$/i.test(options.fileName)) {
    if (!zip) return err([problemAt({}, 'ce fichier .xlsx n’est pas un classeur Excel', 'this .xlsx file is not an Excel workbook')]);
    if (options.instrument !== undefined) {
      return err([problemAt({}, '« #instrument » s’applique aux dictionnaires REDCap, pas aux XLSForms', '"#instrument" applies to REDCap dictionaries, not to XLSForms')]);
    }
    return readXlsForm(bytes, options);
  }
  if (/\.(xls|ods)$/i.test(options.fileName)) {
    return err([problemAt({}, 'enregistrez le formulaire au format .xlsx (les .xls et .ods ne sont pas lus)', 'save the form as .xlsx (.xls and .ods files are not read)')]);
  }
  return readRedcapDictionary(bytes, options);
}
