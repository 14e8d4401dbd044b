/**
 * Anonymity is a property of the product, not of the form (design.md, "Anonymity"): a field
 * that asks who the respondent is, or where they are, is refused when the form is loaded, with
 * the reason. The free-text identifier check (src/survey/identifiers.ts) still runs on every
 * text answer of a form that passes.
 */
import type { Localized } from '../../shared/language.ts';
import { say } from './problems.ts';

/**
 * Field names that ask for an identity, whatever their type. Matched on the whole name
 * (`drug_name` is a drug), with `-` and `.` read as `_`.
 */
const IDENTITY_NAMES = new Set([
  'name', 'full_name', 'fullname', 'first_name', 'firstname', 'last_name', 'lastname', 'surname', 'given_name', 'family_name',
  'maiden_name', 'nom', 'prenom', 'nom_prenom', 'nom_complet', 'patient_name',
  'email', 'e_mail', 'mail', 'email_address', 'courriel', 'adresse_mail',
  'phone', 'phone_number', 'telephone', 'tel', 'mobile', 'cellphone', 'portable', 'numero_telephone',
  'dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday', 'ddn', 'date_naissance', 'date_de_naissance',
  'address', 'street_address', 'home_address', 'adresse', 'adresse_postale', 'postcode', 'postal_code', 'zip', 'zipcode', 'code_postal',
  'ssn', 'social_security_number', 'nir', 'numero_secu', 'insee', 'mrn', 'medical_record_number', 'ipp', 'rpps', 'adeli',
]);

/** Why a field's name marks it as an identity question, or null. */
export function identityByName(name: string): Localized | null {
  const normalized = name.toLowerCase().replace(/[-.]/g, '_');
  if (!IDENTITY_NAMES.has(normalized)) return null;
  return say(
    `« ${name} » demande l’identité du répondant (nom, courriel, téléphone, date de naissance, adresse ou numéro d’identification) : les réponses doivent rester anonymes`,
    `"${name}" asks for the respondent's identity (name, e-mail, phone, date of birth, address or an identification number): answers must stay anonymous`,
  );
}

/** REDCap text validations that collect an identity. */
const REDCAP_IDENTITY_VALIDATIONS: Readonly<Record<string, Localized>> = {
  email: say('une adresse électronique', 'an e-mail address'),
  phone: say('un numéro de téléphone', 'a phone number'),
  phone_australia: say('un numéro de téléphone', 'a phone number'),
  phone_uk: say('un numéro de téléphone', 'a phone number'),
  phone_fr: say('un numéro de téléphone', 'a phone number'),
  zipcode: say('un code postal', 'a postal code'),
  postalcode_australia: say('un code postal', 'a postal code'),
  postalcode_canada: say('un code postal', 'a postal code'),
  postalcode_french: say('un code postal', 'a postal code'),
  postalcode_germany: say('un code postal', 'a postal code'),
  ssn: say('un numéro de sécurité sociale', 'a social security number'),
  mrn_10d: say('un numéro de dossier médical', 'a medical record number'),
  mrn_generic: say('un numéro de dossier médical', 'a medical record number'),
};

export function identityByRedcapValidation(validation: string): Localized | null {
  const what = REDCAP_IDENTITY_VALIDATIONS[validation.toLowerCase()];
  if (!what) return null;
  return say(
    `la validation « ${validation} » recueille ${what.fr} : les réponses doivent rester anonymes`,
    `the validation "${validation}" collects ${what.en}: answers must stay anonymous`,
  );
}

export const REDCAP_IDENTIFIER_FLAG = say(
  'le champ est marqué « Identifier? = y » : un champ identifiant ne peut pas être recueilli, les réponses doivent rester anonymes',
  'the field is marked "Identifier? = y": an identifying field cannot be collected, answers must stay anonymous',
);

/** XLSForm types that collect who or where the respondent is, or identify their device. */
const XLSFORM_IDENTITY_TYPES: Readonly<Record<string, Localized>> = {
  geopoint: say('une position', 'a location'),
  geotrace: say('un tracé géographique', 'a geographic trace'),
  geoshape: say('une zone géographique', 'a geographic shape'),
  'start-geopoint': say('la position de départ', 'the starting location'),
  image: say('une photo', 'a photo'),
  audio: say('un enregistrement sonore', 'a sound recording'),
  'background-audio': say('un enregistrement sonore', 'a sound recording'),
  video: say('une vidéo', 'a video'),
  file: say('un fichier', 'a file'),
  barcode: say('un code-barres (souvent une carte ou un bracelet)', 'a barcode (often a card or a wristband)'),
  deviceid: say('l’identifiant de l’appareil', 'the device id'),
  subscriberid: say('l’identifiant de l’abonné', 'the subscriber id'),
  simserial: say('le numéro de la carte SIM', 'the SIM serial number'),
  phonenumber: say('le numéro de téléphone', 'the phone number'),
  username: say('le nom d’utilisateur', 'the user name'),
  email: say('l’adresse électronique', 'the e-mail address'),
  audit: say('les positions et horaires de saisie', 'entry locations and times'),
};

export function identityByXlsformType(type: string): Localized | null {
  const what = XLSFORM_IDENTITY_TYPES[type.toLowerCase()];
  if (!what) return null;
  return say(
    `le type « ${type} » recueille ${what.fr} : les réponses doivent rester anonymes`,
    `the type "${type}" collects ${what.en}: answers must stay anonymous`,
  );
}
