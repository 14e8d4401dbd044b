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
  'telegram.use_buttons': 'Répondez avec les boutons de la question (ou tapez le numéro de l’option).',
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
};

export type Messages = typeof fr;
