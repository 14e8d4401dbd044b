/** French texts. The shape is the reference for every other language (see en.ts). */
export const fr = {
  'progress': (p: { index: number; total: number }) => `${p.index}/${p.total}`,
  'prompt.optional': '(facultatif)',
  'prompt.skip': 'Passer',
  'prompt.back': 'Retour',
  'prompt.done': 'Valider',
  'prompt.take_survey': 'Répondre au questionnaire',
  'prompt.single_help': (p: { max: number }) => `Répondez par le numéro de l’option (1 à ${p.max}).`,
  'prompt.multi_help': (p: { min: number; max: number }) =>
    p.min === p.max
      ? `Choisissez ${p.min} option(s) : numéros séparés par des virgules (ex. 1,3).`
      : `Choisissez de ${p.min} à ${p.max} options : numéros séparés par des virgules (ex. 1,3).`,
  'prompt.scale_help': (p: { min: number; max: number; minLabel: string; maxLabel: string }) =>
    `Un nombre entier de ${p.min} (${p.minLabel}) à ${p.max} (${p.maxLabel}).`,
  'prompt.text_help': 'Écrivez votre réponse.',
  'prompt.skip_help': 'Laissez vide pour passer.',
  'prompt.selected': (p: { value: string }) => `Réponse actuelle : ${p.value}`,
  'survey.intro': (p: { title: string; total: number }) =>
    `« ${p.title} »\nQuestionnaire anonyme : vos réponses ne sont jamais reliées à votre compte. ${p.total} questions au plus ; vous pouvez vous arrêter et reprendre plus tard.`,
  'survey.resumed': 'Reprise là où vous vous étiez arrêté(e).',
  'survey.completed': 'Merci ! Vos réponses ont été enregistrées anonymement. Plus rien ne les relie à votre compte.',
  'survey.opened': (p: { title: string }) => `Le questionnaire « ${p.title} » est ouvert. Les réponses sont anonymes.`,
  'survey.closed_now': 'Le questionnaire est clos. Merci à toutes et à tous.',
  'survey.status': (p: { status: string; participants: number; complete: number; rate: string }) =>
    `Questionnaire ${p.status} : ${p.participants} participant(s), ${p.complete} réponse(s) complète(s) (taux de complétion ${p.rate}).`,
  'survey.status_open': 'ouvert',
  'survey.status_closed': 'clos',
  'forget.deleted': 'Votre réponse en cours a été entièrement supprimée.',
  'forget.nothing': 'Vous n’avez aucune réponse en cours à supprimer. Une réponse complète, elle, n’est plus reliée à vous et ne peut donc plus être retrouvée.',
  'lang.set': 'Langue : français.',
  'lang.current': (p: { language: string }) => `Langue actuelle : ${p.language}. Utilisez /lang fr ou /lang en.`,
  'lang.unknown': (p: { value: string }) => `Langue inconnue « ${p.value} ». Choisissez fr ou en.`,
  'command.unknown': (p: { name: string }) => `Commande inconnue : /${p.name}. Tapez /help pour la liste.`,
  'command.bad_option': (p: { option: string; value: string; allowed: string }) =>
    `Valeur « ${p.value} » invalide pour ${p.option}. Valeurs possibles : ${p.allowed}.`,
  'command.missing_option': (p: { option: string }) => `Il manque l’option ${p.option}.`,
  'command.failed': 'Une erreur inattendue est survenue ; rien n’a été perdu. Réessayez dans un instant.',
  'help.title': 'Commandes disponibles :',
  'help.admin': '(administrateurs)',
  'input.stale': 'Ce bouton ne correspond plus à la question en cours ; rien n’a été modifié.',
  'error.choice.unknown': (p: { value: string }) => `« ${p.value} » ne fait pas partie des options proposées.`,
  'error.choice.out_of_range': (p: { value: string; max: number }) => `Il n’y a pas d’option ${p.value} : choisissez un numéro de 1 à ${p.max}.`,
  'error.multi.too_few': (p: { min: number }) => `Choisissez au moins ${p.min} option(s).`,
  'error.multi.too_many': (p: { max: number }) => `Choisissez au plus ${p.max} option(s).`,
  'error.multi.duplicate': (p: { value: string }) => `L’option « ${p.value} » est donnée deux fois.`,
  'error.multi.exclusive': (p: { label: { fr: string; en: string } }) =>
    `« ${p.label.fr} » ne se combine avec aucune autre option : choisissez-la seule, ou les autres sans elle.`,
  'error.number.invalid': (p: { value: string; integer: boolean }) =>
    p.integer ? `« ${p.value} » n’est pas un nombre entier.` : `« ${p.value} » n’est pas un nombre (par exemple 12 ou 12,5).`,
  'error.number.out_of_range': (p: { value: string; min: number | null; max: number | null }) =>
    p.min !== null && p.max !== null
      ? `${p.value} est hors limites : entre ${p.min} et ${p.max}.`
      : p.min !== null
        ? `${p.value} est trop petit : au moins ${p.min}.`
        : `${p.value} est trop grand : au plus ${p.max ?? ''}.`,
  'error.date.invalid': (p: { value: string }) => `« ${p.value} » n’est pas une date : écrivez-la JJ/MM/AAAA (par exemple 31/01/2024).`,
  'error.scale.not_a_number': (p: { value: string; min: number; max: number }) =>
    `« ${p.value} » n’est pas un nombre : répondez par un nombre entier de ${p.min} à ${p.max}.`,
  'error.scale.not_integer': (p: { value: string; min: number; max: number }) =>
    `« ${p.value} » n’est pas un nombre entier : répondez par un nombre entier de ${p.min} à ${p.max}.`,
  'error.scale.out_of_range': (p: { value: string; min: number; max: number }) =>
    `${p.value} est hors de l’échelle : répondez par un nombre entier de ${p.min} à ${p.max}.`,
  'error.text.empty': 'La réponse est vide.',
  'error.text.too_long': (p: { max: number; length: number }) => `Réponse trop longue (${p.length} caractères, ${p.max} au plus).`,
  'error.text.identifier': (p: { kind: string }) =>
    `Votre réponse semble contenir ${p.kind}. Pour protéger l’anonymat, reformulez-la sans donnée identifiante ; rien n’a été enregistré.`,
  'identifier.email': 'une adresse e-mail',
  'identifier.phone': 'un numéro de téléphone',
  'identifier.social_security_number': 'un numéro de sécurité sociale',
  'identifier.birth_date': 'une date de naissance',
  'error.answer.required': 'Cette question est obligatoire.',
  'error.answer.stale': 'Cette réponse concerne une question qui n’est plus la question en cours ; rien n’a été modifié.',
  'error.back.at_start': 'Vous êtes à la première question.',
  'error.item.unknown': (p: { item: string }) => `Question inconnue : ${p.item}.`,
  'error.response.complete': 'Votre réponse est déjà complète.',
  'error.survey.none': 'Aucun questionnaire n’est ouvert dans cette communauté.',
  'error.survey.closed': 'Le questionnaire est clos.',
  'error.survey.already_open': 'Un questionnaire est déjà ouvert dans cette communauté.',
  'error.survey.already_completed': 'Vous avez déjà répondu à ce questionnaire. Merci !',
  'error.response.none': 'Vous n’avez pas de réponse en cours. Tapez /survey pour commencer.',
  'error.permission.admin_only': 'Cette commande est réservée aux administrateurs de la communauté.',
  'error.community.required': 'Cette commande s’utilise dans une communauté (serveur ou groupe).',
  'console.welcome': (p: { community: string }) =>
    `Confrères — mode terminal. Vous êtes un membre de la communauté « ${p.community} ». Tapez /help pour les commandes.`,
  'console.welcome_admin': (p: { community: string }) =>
    `Confrères — mode terminal. Vous êtes administrateur·rice de la communauté « ${p.community} » (CONSOLE_ADMIN=true) : /survey, /results, /export… Tapez /help pour les commandes.`,
  'console.survey_opened': 'Le questionnaire par défaut vient d’être ouvert dans cette communauté locale ; il commence ci-dessous (/survey status pour son état).',
  'console.survey_found': 'Le questionnaire de cette communauté locale est ouvert ; il reprend ci-dessous (/survey status pour son état).',
  'console.survey_closed': 'Le questionnaire de cette communauté locale est clos (/results pour les résultats).',
  'console.back_complete': 'Le questionnaire est terminé : vos réponses sont enregistrées et ne peuvent plus être modifiées.',
  'console.file_written': (p: { path: string; bytes: number }) => `Fichier écrit : ${p.path} (${p.bytes} octets).`,
  'console.bye': 'Au revoir.',
  // Telegram
  'telegram.button_unknown': 'Bouton inconnu ou expiré ; rien n’a été modifié.',
  'telegram.no_active_survey':
    'Aucun questionnaire en cours ici. Ouvrez le lien « Répondre au questionnaire » publié dans votre groupe.',
  'telegram.link_invalid': 'Ce lien de questionnaire n’est plus valable. Demandez le lien actuel dans votre groupe.',
  'telegram.welcome':
    'Bonjour ! Je suis Confrères. Pour répondre au questionnaire de votre groupe, ouvrez le lien « Répondre au questionnaire » publié dans le groupe. /help liste les commandes.',
  'telegram.group_hello':
    'Bonjour ! Un administrateur du groupe peut ouvrir le questionnaire avec /survey open. /help liste les commandes.',
  'telegram.take_in_private': (p: { title: string }) =>
    `Le questionnaire « ${p.title} » se remplit en privé avec le bouton ci-dessous. Vos réponses sont anonymes.`,
  'telegram.admin_in_group': 'Cette commande s’utilise dans le groupe, par un administrateur.',
  'telegram.scale_legend': (p: { min: number; max: number; minLabel: string; maxLabel: string }) =>
    `${p.min} = ${p.minLabel} · ${p.max} = ${p.maxLabel}`,
  'telegram.multi_help': (p: { min: number; max: number }) =>
    p.min === p.max ? `Cochez ${p.min} option(s), puis « Valider ».` : `Cochez de ${p.min} à ${p.max} options, puis « Valider ».`,
  'telegram.text_help': '✍️ Répondez au message ci-dessous pour écrire votre réponse.',
  'telegram.text_prompt': (p: { progress: string; question: string }) => `✍️ [${p.progress}] ${p.question}\nVotre réponse :`,
  'telegram.text_placeholder': 'Votre réponse',
  'telegram.open_private':
    'Je ne peux pas vous écrire en privé : ouvrez d’abord une conversation avec moi (bouton ci-dessous), puis refaites la commande.',
  'telegram.open_private_button': 'Ouvrir la conversation',
  'telegram.use_buttons': 'Répondez avec les boutons de la question (ou tapez le numéro de l’option).',
  'telegram.members_only':
    'Ce questionnaire est réservé aux membres du groupe qui l’a publié, et vous n’en faites pas partie. Rejoignez le groupe, puis rouvrez le lien.',
  'telegram.membership_unknown':
    'Je ne peux pas vérifier pour l’instant que vous êtes membre du groupe de ce questionnaire. Réessayez plus tard, ou prévenez un administrateur du groupe.',
  // Discord
  'discord.write': 'Écrire ma réponse',
  'discord.modal_title': 'Votre réponse',
  'discord.choose_one': 'Choisissez une option',
  'discord.choose_many': (p: { min: number; max: number }) =>
    p.min === p.max ? `Choisissez ${p.min} option(s)` : `Choisissez de ${p.min} à ${p.max} options`,
  'discord.scale_legend': (p: { min: number; max: number; minLabel: string; maxLabel: string }) =>
    `${p.min} = ${p.minLabel} · ${p.max} = ${p.maxLabel}`,
  'discord.text_help': 'Appuyez sur « Écrire ma réponse » pour répondre.',
  'discord.posted': 'C’est publié dans le salon.',
  // CME and digests
  'cme.added': (p: { title: string; details: string }) => `📌 Ajouté au digest FMC : ${p.title}${p.details}`,
  'cme.endorsed': (p: { title: string; count: number }) =>
    `👍 Déjà partagé ici : compté comme une recommandation de plus pour ${p.title} (${p.count} au total).`,
  'cme.already_endorsed': (p: { title: string; count: number }) =>
    `Vous avez déjà partagé ${p.title} : chaque membre compte une fois (${p.count} recommandation(s) au total).`,
  'cme.credited': (p: { name: string }) => `Vous serez cité·e comme « ${p.name} ».`,
  'cme.topic': (p: { topic: string }) => `thème : ${p.topic}`,
  'cme.usage':
    'Partagez un lien avec /cme <lien> [titre], ou répondez par /cme à un message contenant un lien ou un document.',
  'error.cme.nothing_to_share':
    'Je ne trouve ni lien ni document à ajouter. Partagez un lien avec /cme <lien> [titre], ou répondez par /cme à un message contenant un lien ou un document.',
  'error.cme.bad_url': (p: { value: string }) => `« ${p.value} » n’est pas un lien http(s) valide ; rien n’a été enregistré.`,
  'error.cme.url_too_long': (p: { max: number }) => `Lien trop long (plus de ${p.max} caractères) ; rien n’a été enregistré.`,
  'error.cme.title_too_long': (p: { max: number }) => `Titre trop long (${p.max} caractères au plus) ; rien n’a été enregistré.`,
  'error.cme.topic_unknown': (p: { value: string }) =>
    `Thème inconnu : « ${p.value} ». Choisissez une spécialité de la liste (ex. cardiologie, médecine générale) ; rien n’a été enregistré.`,
  'error.cme.too_many_tags': (p: { max: number }) => `${p.max} étiquettes au plus ; rien n’a été enregistré.`,
  'error.cme.credit_invalid':
    'Pour être cité·e, indiquez un nom (60 caractères au plus), sans mention, @pseudo ni identifiant ; rien n’a été enregistré.',
  'error.cme.not_found': 'Ce point FMC est introuvable dans cette communauté.',
  'digest.title': (p: { from: string; to: string; count: number }) => `📚 Points FMC partagés du ${p.from} au ${p.to} (${p.count})`,
  'digest.preview_title': (p: { from: string; to: string; count: number }) =>
    `👀 Aperçu du prochain digest : partages du ${p.from} au ${p.to} (${p.count}), classés par recommandations`,
  'digest.empty': 'Aucun point FMC partagé sur la période. Partagez une recommandation, un article ou une fiche avec /cme.',
  'digest.no_topic': 'Autres sujets',
  'digest.continued': '(suite)',
  'digest.footer': 'Partagez avec /cme <lien> ; le même lien partagé par un autre membre compte comme une recommandation.',
  'digest.endorsements': (p: { count: number }) => `${p.count} recommandations`,
  'digest.shared_by': (p: { name: string }) => `partagé par ${p.name}`,
  'digest.untitled': '(sans titre)',
  'digest.document_in_chat': '(document partagé dans la discussion)',
  'digest.preview_more': (p: { parts: number }) => `… Le digest complet fera ${p.parts} messages ; le fichier joint le contient en entier.`,
  'digest.preview_next': (p: { when: string }) => `Publication prévue : ${p.when}.`,
  'digest.config': (p: { enabled: string; day: string; time: string; zone: string; destination: string; emptyWeeks: string; results: string; next: string }) =>
    `Digest FMC ${p.enabled}, chaque ${p.day} à ${p.time} (${p.zone}), dans ${p.destination}. Semaines sans partage publiées : ${p.emptyWeeks}. Suivi du questionnaire publié : ${p.results}. Prochaine publication : ${p.next}.`,
  'digest.config_saved': 'Réglages enregistrés.',
  'digest.enabled_on': 'activé',
  'digest.enabled_off': 'désactivé',
  'digest.yes': 'oui',
  'digest.no': 'non',
  'digest.destination_group': 'le groupe',
  'digest.destination_missing': 'aucun salon (choisissez-en un avec /digest config channel:#salon)',
  'error.digest.bad_day': (p: { value: string }) => `Jour inconnu : « ${p.value} ». Exemples : lundi, jeudi, ou 1 à 7 (1 = lundi).`,
  'error.digest.bad_time': (p: { value: string }) => `Heure invalide : « ${p.value} ». Exemples : 08:00, 18h30.`,
  'error.digest.bad_timezone': (p: { value: string }) =>
    `Fuseau horaire inconnu : « ${p.value} ». Exemples : Europe/Paris, America/Montreal, Africa/Casablanca.`,
  'error.digest.bad_flag': (p: { option: string; value: string }) => `Valeur invalide « ${p.value} » pour ${p.option} : on ou off.`,
  'error.digest.bad_channel': (p: { value: string }) => `Salon invalide : « ${p.value} ». Mentionnez un salon (#salon) ou donnez son identifiant.`,
  'error.digest.foreign_channel': (p: { value: string }) =>
    `« ${p.value} » n’est pas un salon de cette communauté : le digest ne peut être publié que dans ce serveur ou ce groupe (ou son canal lié). Rien n’a été modifié.`,
  'error.digest.unknown_channel': (p: { value: string }) =>
    `Je ne vois pas « ${p.value} » : vérifiez l’identifiant, et que j’y suis membre avec le droit de publier. Rien n’a été modifié.`,
  'digest.failures': (p: { list: string }) => `Publications qui n’ont pas pu être faites : ${p.list}. Vérifiez que je peux encore publier dans le salon.`,
  'results.progress': (p: { title: string; participants: number; complete: number; rate: string; day: string }) =>
    `📊 Questionnaire « ${p.title} », point d’étape : ${p.participants} participant(s), ${p.complete} réponse(s) complète(s) (taux de complétion ${p.rate}).`,
  'results.progress_invite': 'Pas encore répondu ? Tapez /survey : c’est anonyme.',
  'results.final': (p: { title: string; participants: number; complete: number; rate: string; day: string }) =>
    `📊 Questionnaire « ${p.title} » clos${p.day ? ` le ${p.day}` : ''} : ${p.participants} participant(s), ${p.complete} réponse(s) complète(s) (taux de complétion ${p.rate}). Merci à toutes et à tous !`,
  'reminder.text': (p: { title: string; community: string; hours: number }) =>
    `Bonjour ! Vous avez commencé le questionnaire « ${p.title} »${p.community ? ` (${p.community})` : ''} et n’y avez pas répondu depuis ${p.hours < 48 ? `${p.hours} heures` : `${Math.floor(p.hours / 24)} jours`}. Vos réponses sont gardées, anonymes : reprenez là où vous vous êtes arrêté·e avec /survey. C’est le seul rappel pour ce questionnaire ; /reminders off pour ne plus en recevoir.`,
  'reminders.notice': 'Si vous vous interrompez quelques jours, vous recevrez un seul rappel en privé ; /reminders off pour l’éviter.',
  'reminders.off': 'Entendu : plus aucun rappel de questionnaire, ni pour votre réponse en cours ni pour les prochaines.',
  'reminders.on': 'Rappels réactivés : un seul rappel en privé si vous interrompez un questionnaire quelques jours.',
  'form.load_usage':
    'Joignez un dictionnaire de données REDCap (.csv) ou un XLSForm (.xlsx) : sur Telegram, répondez /survey load au fichier (ou mettez-le en légende du fichier) ; sur Discord, /survey load file:. Un instrument d’un dictionnaire : instrument:nom.',
  'form.too_large': (p: { max: number }) => `Fichier trop gros : ${p.max} ko au plus.`,
  'form.download_failed': 'Le fichier n’a pas pu être récupéré ; réessayez dans un moment.',
  'form.refused': (p: { count: number }) => `Formulaire refusé (${p.count} problème(s)) ; rien n’a été enregistré :`,
  'form.more': (p: { count: number }) => `… et ${p.count} autre(s) (npm run form -- check FICHIER les liste tous).`,
  'form.loaded': (p: { title: string; id: string; version: number; questions: number }) =>
    `Formulaire « ${p.title} » chargé : ${p.id}, version ${p.version}, ${p.questions} question(s). Ouvrez-le avec /survey open form:${p.id}.`,
  'form.already_loaded': (p: { id: string; version: number }) => `Ce fichier est déjà chargé : ${p.id}, version ${p.version}. Ouvrez-le avec /survey open form:${p.id}.`,
  'form.notes': 'Remarques :',
  'form.unknown': (p: { form: string; available: string }) => `Aucun formulaire « ${p.form} » dans cette communauté. Formulaires chargés : ${p.available}.`,
  'form.none_loaded': 'aucun (/survey load)',
};

export type Messages = typeof fr;
