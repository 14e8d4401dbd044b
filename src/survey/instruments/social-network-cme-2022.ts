/**
 * The default instrument: the 27 questions of the 2022 survey of a French-speaking physician
 * group (BMC Med Educ 24, 186 (2024), doi:10.1186/s12909-024-05149-z), reconstructed from the
 * paper's description. The paper's Additional Table 1 (the form itself) is not public, so the
 * wording and most choice lists are ours; the structure, the 0–10 scales, the skip rule on
 * q9 and the options the paper quotes follow it.
 */
import type { DefinitionInput } from '../definition.ts';

const t = (fr: string, en: string) => ({ fr, en });

const FREQUENCY = [
  { code: 'frequently', label: t('Fréquemment', 'Frequently') },
  { code: 'occasionally', label: t('Occasionnellement', 'Occasionally') },
  { code: 'rarely', label: t('Rarement', 'Rarely') },
  { code: 'never', label: t('Jamais', 'Never') },
];

const AGREEMENT = {
  min: 0,
  max: 10,
  minLabel: t('pas du tout d’accord', 'strongly disagree'),
  maxLabel: t('tout à fait d’accord', 'strongly agree'),
};

const OPINION_SOUGHT = "q9 != 'never'";

function agreement(code: string, fr: string, en: string, short: [string, string], relevant?: string) {
  return {
    code,
    type: 'scale' as const,
    label: t(fr, en),
    shortLabel: t(short[0], short[1]),
    scale: AGREEMENT,
    ...(relevant ? { relevant } : {}),
  };
}

const SPECIALTIES: [string, string, string][] = [
  ['gp', 'Médecine générale', 'General practice'],
  ['anesthesiology', 'Anesthésie-réanimation', 'Anaesthesiology and intensive care'],
  ['cardiology', 'Cardiologie', 'Cardiology'],
  ['dermatology', 'Dermatologie', 'Dermatology'],
  ['endocrinology', 'Endocrinologie-diabétologie', 'Endocrinology and diabetology'],
  ['gastroenterology', 'Hépato-gastro-entérologie', 'Gastroenterology and hepatology'],
  ['geriatrics', 'Gériatrie', 'Geriatrics'],
  ['gynecology', 'Gynécologie-obstétrique', 'Obstetrics and gynaecology'],
  ['emergency', 'Médecine d’urgence', 'Emergency medicine'],
  ['internal_medicine', 'Médecine interne', 'Internal medicine'],
  ['nephrology', 'Néphrologie', 'Nephrology'],
  ['neurology', 'Neurologie', 'Neurology'],
  ['oncology', 'Oncologie', 'Oncology'],
  ['ophthalmology', 'Ophtalmologie', 'Ophthalmology'],
  ['ent', 'ORL', 'Otorhinolaryngology (ENT)'],
  ['pediatrics', 'Pédiatrie', 'Paediatrics'],
  ['psychiatry', 'Psychiatrie', 'Psychiatry'],
  ['pulmonology', 'Pneumologie', 'Pulmonology'],
  ['radiology', 'Radiologie', 'Radiology'],
  ['rheumatology', 'Rhumatologie', 'Rheumatology'],
  ['surgery', 'Chirurgie', 'Surgery'],
  ['urology', 'Urologie-andrologie', 'Urology and andrology'],
  ['occupational', 'Médecine du travail', 'Occupational medicine'],
  ['public_health', 'Santé publique', 'Public health'],
  ['other', 'Autre spécialité', 'Other specialty'],
];

export const socialNetworkCme2022: DefinitionInput = {
  id: 'social-network-cme-2022',
  version: 1,
  defaultLanguage: 'fr',
  languages: ['fr', 'en'],
  title: t(
    'Réseaux sociaux, avis médicaux et formation médicale continue',
    'Social networks, medical opinions and continuing medical education',
  ),
  intro: t(
    'Questionnaire anonyme de 27 questions sur l’apport du groupe à votre pratique et à votre formation médicale continue (FMC). Vos réponses ne sont jamais reliées à votre compte.',
    'An anonymous 27-question survey on what the group brings to your practice and your continuing medical education (CME). Your answers are never linked to your account.',
  ),
  items: [
    {
      code: 'q1',
      type: 'single',
      label: t('Vous êtes :', 'You are:'),
      shortLabel: t('Genre', 'Gender'),
      choices: [
        { code: 'female', label: t('Une femme', 'A woman') },
        { code: 'male', label: t('Un homme', 'A man') },
        { code: 'other', label: t('Autre / ne souhaite pas répondre', 'Other / prefer not to say') },
      ],
    },
    {
      code: 'q2',
      type: 'single',
      label: t('Quel âge avez-vous ?', 'How old are you?'),
      shortLabel: t('Âge', 'Age'),
      choices: [
        { code: 'under_30', label: t('Moins de 30 ans', 'Under 30') },
        { code: '30_40', label: t('30 à 40 ans', '30 to 40') },
        { code: '40_50', label: t('40 à 50 ans', '40 to 50') },
        { code: '50_60', label: t('50 à 60 ans', '50 to 60') },
        { code: 'over_60', label: t('Plus de 60 ans', 'Over 60') },
      ],
    },
    {
      code: 'q3',
      type: 'single',
      label: t('Quelle est votre spécialité ?', 'What is your specialty?'),
      shortLabel: t('Spécialité', 'Specialty'),
      choices: SPECIALTIES.map(([code, fr, en]) => ({ code, label: t(fr, en) })),
    },
    {
      code: 'q4',
      type: 'single',
      label: t('Quel est votre mode d’exercice ?', 'How do you practise?'),
      shortLabel: t('Mode d’exercice', 'Practice'),
      choices: [
        { code: 'independent', label: t('Libéral', 'Independent practice') },
        { code: 'hospital', label: t('Hospitalier', 'Hospital') },
        { code: 'academic_hospital', label: t('Hospitalo-universitaire', 'Academic hospital') },
        { code: 'resident', label: t('Interne', 'Resident') },
        { code: 'other', label: t('Autre (salarié, mixte…)', 'Other (salaried, mixed…)') },
      ],
    },
    {
      code: 'q5',
      type: 'single',
      label: t('Où exercez-vous ?', 'Where do you practise?'),
      shortLabel: t('Zone d’exercice', 'Area'),
      choices: [
        { code: 'urban', label: t('En zone urbaine', 'Urban area') },
        { code: 'semi_rural', label: t('En zone semi-rurale', 'Semi-rural area') },
        { code: 'rural', label: t('En zone rurale', 'Rural area') },
      ],
    },
    {
      code: 'q6',
      type: 'single',
      label: t(
        'Estimez-vous exercer dans un désert médical (zone sous-dotée) ?',
        'Do you consider that you practise in a medically underserved area?',
      ),
      shortLabel: t('Zone sous-dotée', 'Underserved area'),
      choices: [
        { code: 'yes', label: t('Oui', 'Yes') },
        { code: 'no', label: t('Non', 'No') },
      ],
    },
    {
      code: 'q7',
      type: 'single',
      label: t('À quelle fréquence consultez-vous le groupe ?', 'How often do you visit the group?'),
      shortLabel: t('Fréquence de connexion', 'Visit frequency'),
      choices: [
        { code: 'several_daily', label: t('Plusieurs fois par jour', 'Several times a day') },
        { code: 'daily', label: t('Une fois par jour', 'Once a day') },
        { code: 'weekly', label: t('Une ou plusieurs fois par semaine', 'Once or more a week') },
        { code: 'less', label: t('Moins souvent', 'Less often') },
      ],
    },
    {
      code: 'q8',
      type: 'single',
      label: t('Depuis combien de temps êtes-vous membre du groupe ?', 'How long have you been a member of the group?'),
      shortLabel: t('Ancienneté dans le groupe', 'Membership'),
      choices: [
        { code: 'under_1y', label: t('Moins d’un an', 'Less than a year') },
        { code: '1_2y', label: t('1 à 2 ans', '1 to 2 years') },
        { code: '2_4y', label: t('2 à 4 ans', '2 to 4 years') },
        { code: 'over_4y', label: t('Plus de 4 ans', 'More than 4 years') },
      ],
    },
    {
      code: 'q9',
      type: 'single',
      label: t(
        'Avez-vous déjà sollicité un avis médical sur le groupe ?',
        'Have you ever asked the group for a medical opinion?',
      ),
      shortLabel: t('A sollicité un avis', 'Asked for an opinion'),
      choices: FREQUENCY,
    },
    {
      code: 'q10',
      type: 'single',
      label: t(
        'Répondez-vous aux demandes d’avis médicaux sur le groupe ?',
        'Do you answer requests for medical opinions in the group?',
      ),
      shortLabel: t('Répond aux demandes d’avis', 'Answers requests'),
      choices: FREQUENCY,
    },
    {
      code: 'q11',
      type: 'scale',
      label: t('Les réponses apportées par vos confrères vous ont-elles été utiles ?', 'Were the answers given by your colleagues useful?'),
      shortLabel: t('Utilité des réponses', 'Usefulness of answers'),
      scale: { min: 0, max: 10, minLabel: t('pas du tout utiles', 'not at all useful'), maxLabel: t('très utiles', 'very useful') },
      relevant: OPINION_SOUGHT,
    },
    agreement(
      'q12',
      'Les réponses m’ont aidé(e) à prendre une décision diagnostique ou thérapeutique.',
      'The answers helped me make a diagnostic or therapeutic decision.',
      ['Aide à la décision', 'Helped decide'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q13',
      'Les réponses apportées m’ont rassuré(e) dans ma prise en charge.',
      'The answers reassured me in my patient care approach.',
      ['Rassuré(e) dans ma prise en charge', 'Reassured in my care'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q14',
      'Les réponses m’ont conduit(e) à modifier ma prise en charge.',
      'The answers led me to change how I managed the patient.',
      ['Prise en charge modifiée', 'Changed management'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q15',
      'Les réponses m’ont évité d’adresser le patient à un spécialiste ou aux urgences.',
      'The answers spared a referral of the patient to a specialist or to the emergency department.',
      ['Adressage évité', 'Referral avoided'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q16',
      'Le groupe m’a permis de trouver un correspondant pour mon patient.',
      'The group helped me find a correspondent for my patient.',
      ['Correspondant trouvé', 'Found a correspondent'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q17',
      'Solliciter le groupe me fait me sentir moins isolé(e) dans ma pratique.',
      'Asking the group makes me feel less isolated in my practice.',
      ['Moins isolé(e)', 'Less isolated'],
      OPINION_SOUGHT,
    ),
    agreement(
      'q18',
      'Je me sens plus confiant(e) dans mes décisions médicales grâce au groupe.',
      'I feel more confident in my medical decisions thanks to the group.',
      ['Plus confiant(e)', 'More confident'],
      OPINION_SOUGHT,
    ),
    {
      code: 'q19',
      type: 'single',
      label: t(
        'Utilisez-vous une autre plateforme d’avis médicaux (télé-expertise, messagerie de spécialistes…) ?',
        'Do you use another platform for medical opinions (tele-expertise, specialist messaging…)?',
      ),
      shortLabel: t('Autre plateforme d’avis', 'Other opinion platform'),
      choices: [
        { code: 'no', label: t('Non', 'No') },
        { code: 'yes_free', label: t('Oui, gratuite', 'Yes, a free one') },
        { code: 'yes_paid', label: t('Oui, payante', 'Yes, a paid one') },
      ],
    },
    {
      code: 'q20',
      type: 'text',
      label: t('Laquelle ?', 'Which one?'),
      shortLabel: t('Plateforme utilisée', 'Platform used'),
      maxLength: 200,
      relevant: "q19 != 'no'",
    },
    {
      code: 'q21',
      type: 'multi',
      label: t('Selon vous, quels sont les points forts du groupe ?', 'In your opinion, what are the strengths of the group?'),
      shortLabel: t('Points forts', 'Strengths'),
      hint: t('Plusieurs réponses possibles.', 'Several answers possible.'),
      choices: [
        { code: 'speed', label: t('La rapidité des réponses', 'Speed of responses') },
        { code: 'availability', label: t('La disponibilité à toute heure', 'Availability at all times') },
        { code: 'specialties', label: t('La diversité des spécialités représentées', 'The range of specialties represented') },
        { code: 'free', label: t('La gratuité', 'It is free') },
        { code: 'kindness', label: t('La bienveillance des membres', 'The kindness of members') },
        { code: 'cme_points', label: t('Les points FMC et documents partagés', 'CME points and shared documents') },
        { code: 'other', label: t('Autre', 'Other') },
      ],
    },
    {
      code: 'q22',
      type: 'multi',
      label: t('Selon vous, quels sont les points faibles du groupe ?', 'In your opinion, what are the weaknesses of the group?'),
      shortLabel: t('Points faibles', 'Weaknesses'),
      hint: t('Plusieurs réponses possibles.', 'Several answers possible.'),
      choices: [
        { code: 'contradictions', label: t('Les contradictions entre les réponses', 'Contradictions between responses') },
        { code: 'no_legal_framework', label: t('L’absence de cadre légal pour ces avis', 'No legal framework for such opinions') },
        { code: 'confidentiality', label: t('Le risque pour le secret médical', 'The risk to medical confidentiality') },
        { code: 'unverified', label: t('Des informations non vérifiées', 'Unverified information') },
        { code: 'volume', label: t('Le nombre de publications', 'The volume of posts') },
        { code: 'tone', label: t('Le ton de certains échanges', 'The tone of some exchanges') },
        { code: 'none', label: t('Aucun', 'None'), exclusive: true },
        { code: 'other', label: t('Autre', 'Other') },
      ],
    },
    agreement(
      'q23',
      'Grâce aux anecdotes, points FMC et documents partagés, j’ai enrichi mes connaissances médicales dans plusieurs domaines.',
      'Thanks to the anecdotes, CME points and documents shared, I have enriched my medical knowledge in several areas.',
      ['Connaissances enrichies', 'Enriched knowledge'],
    ),
    agreement(
      'q24',
      'J’ai accès à des documents (recommandations, synthèses, fiches pratiques…) auxquels je n’aurais pas eu accès sans le groupe.',
      'I have access to documents (recommendations, overviews, practical sheets…) I would not have had without the group.',
      ['Accès à des documents', 'Access to documents'],
    ),
    agreement(
      'q25',
      'Je suis plus facilement informé(e) des nouvelles recommandations.',
      'I am more easily updated on new recommendations.',
      ['Informé(e) des recommandations', 'Updated on guidelines'],
    ),
    {
      code: 'q26',
      type: 'multi',
      label: t('Comment utilisez-vous les documents partagés ?', 'How do you use the documents that are shared?'),
      shortLabel: t('Usage des documents', 'Use of documents'),
      hint: t('Plusieurs réponses possibles.', 'Several answers possible.'),
      choices: [
        { code: 'read', label: t('Je les lis sur le moment', 'I read them right away') },
        { code: 'save', label: t('Je les enregistre pour plus tard', 'I save them for later') },
        { code: 'consult', label: t('Je m’en sers en consultation', 'I use them during consultations') },
        { code: 'share', label: t('Je les partage avec des collègues', 'I share them with colleagues') },
        { code: 'patients', label: t('Je les remets à mes patients', 'I give them to my patients') },
        { code: 'not_used', label: t('Je ne les utilise pas', 'I do not use them'), exclusive: true },
      ],
    },
    {
      code: 'q27',
      type: 'text',
      label: t('Avez-vous des commentaires ?', 'Do you have any comments?'),
      shortLabel: t('Commentaires', 'Comments'),
      hint: t('Facultatif. N’indiquez aucune donnée permettant de vous identifier.', 'Optional. Please include nothing that identifies you.'),
      required: false,
      maxLength: 2000,
    },
  ],
  // The study's Table 1: specialty, underserved area, age.
  groupings: ['gp', 'underserved', 'age_group'],
  derived: [
    {
      code: 'sought_opinion',
      type: 'boolean',
      label: t('A déjà sollicité un avis', 'Has sought an opinion'),
      expression: OPINION_SOUGHT,
      trueLabel: t('A sollicité un avis', 'Sought an opinion'),
      falseLabel: t('Jamais', 'Never'),
    },
    {
      code: 'gp',
      type: 'boolean',
      label: t('Spécialité', 'Specialty'),
      expression: "q3 == 'gp'",
      trueLabel: t('Médecins généralistes', 'General practitioners'),
      falseLabel: t('Autres spécialités', 'Other specialties'),
    },
    {
      code: 'underserved',
      type: 'boolean',
      label: t('Zone sous-dotée', 'Underserved area'),
      expression: "q6 == 'yes'",
      trueLabel: t('Zone sous-dotée', 'Underserved area'),
      falseLabel: t('Autres zones', 'Other areas'),
    },
    {
      code: 'age_group',
      type: 'recode',
      label: t('Tranche d’âge', 'Age group'),
      from: 'q2',
      categories: [
        { code: 'under_30', label: t('Moins de 30 ans', 'Under 30') },
        { code: '30_40', label: t('30 à 40 ans', '30 to 40') },
        { code: 'over_40', label: t('Plus de 40 ans', 'Over 40') },
      ],
      map: { under_30: 'under_30', '30_40': '30_40', '40_50': 'over_40', '50_60': 'over_40', over_60: 'over_40' },
    },
  ],
};
