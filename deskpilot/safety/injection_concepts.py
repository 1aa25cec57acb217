"""Language-agnostic signals for the injection classifier: what an injection is made of, in eight languages.

An injection addresses an AI, declares the earlier instructions void, gives orders (send, open, run, type),
reaches for secrets and asks for secrecy, with claimed authority. Each concept is a list of word stems in
English, French, German, Spanish, Portuguese, Russian, Chinese and Japanese, matched on normalised
(lower-case) text: a Latin or Cyrillic stem must start a word and may be followed by any ending, so one stem
covers inflections; Chinese and Japanese stems match anywhere. `concept_tokens` turns the hits into
classifier tokens: each concept, and each ordered pair of concepts close together ("AI ... ACT"), so a
phrasing never seen in training still lights up the same features in every language.
"""

from __future__ import annotations

import re
import unicodedata

CONCEPTS: dict[str, str] = {
    "AI": "ai|a.i.|llm|gpt|chatgpt|claude|gemini|copilot|assistant|agent|bot|bots|chatbot|model|models|language model"
    "|crawler|robot|summarizer|summariser|summarization tool|summarisation tool|reviewer bot|automat|autonom|machine reader|автомат|自动|自動|自律"
    "|ia|intelligence artificielle|modèle|robot|assistente|asistente|agente|modelo|inteligencia artificial"
    "|inteligência artificial|robô|ki|künstliche intelligenz|assistent|assistenz|modell|sprachmodell"
    "|ии|искусственный интеллект|нейросет|ассистент|агент|бот|боты|ботов|модел|помощник"
    "|人工智能|助手|助理|大模型|代理|机器人|模型|智能|アシスタント|エージェント|ボット|モデル|人工知能|言語モデル"
    # Romanised Chinese (pinyin), Japanese (romaji) and Russian: the same words typed without their script.
    "|zhu shou|zhushou|ren gong zhi neng|asisutanto|eejento|iskusstvenn|assistent|neiroset|neyroset|pomoshchnik"
    # Chinese words half typed in pinyin to slip past keyword filters ("zhu手", "智neng"): either half.
    "|zhu手|助shou|zhi能|智neng|ren工|人gong|mo型|模xing"
    # Tools that screen, score or grade a document: the readers an order for a verdict is written to.
    "|screening tool|scoring tool|ranking tool|grading tool|marking tool|sorting tool|triage tool"
    "|outil de tri|outil de notation|outil de scoring|outil d'évaluation|prüfsystem|bewertungssystem"
    "|sistema de evaluación|sistema de puntuación|sistema de avaliação|sistema de correção"
    "|评分系统|评阅系统|评审系统|审稿系统|筛选系统|评标系统|採点システム|審査システム|査読システム|評価システム"
    "|選考システム"
    "|système d'évaluation|système de notation|système de tri|système de sélection|auswertende modell"
    "|auswertenden modell|bewertende modell|sistema de selección|sistema de triagem|система отбора|системе отбора"
    "|системы отбора|система оценк|системе оценк|简历筛选|筛选程序|選考ツール|書類選考システム",
    "VOID": "ignore|ignoring|disregard|forget|override|overrid|supersed|void|cancel|no longer|instead|bypass"
    "|pay no attention|not apply|never mind|whatever"
    "|ignor|oubli|annul|ne sont plus|n'est plus|plus valable|plutôt|à la place|au lieu|tenez pas compte"
    "|tenir compte|laissez tomber|prime sur|peu importe"
    "|vergiss|vergessen|hinfällig|ungültig|nicht mehr|stattdessen|vorrang|außer acht|missacht|egal|links liegen"
    "|olvid|anulad|ya no|en su lugar|en lugar de|no hagas caso|pasa de|pasad de|da igual|aparca|por encima de"
    "|esqueç|esquec|desconsider|não vale|não valem|em vez|deixe de lado|não importa|acima do"
    "|игнорир|забудь|забуд|отмен|больше не|вместо|не обращай|недействительн|неважно|отложи|важнее"
    "|не учитыва|без учёта|без учета|не принимай во внимание"
    "|忽略|无视|忘记|忘掉|忘了|作废|取消|不再|改为|改成|别管|不要理会|不管|优先|不算数|放一放"
    "|無視|忘れ|無効|取り消|代わりに|優先|関係ありません|上書き|いったん置|適用されて|適用外"
    # Orders declared stale or paused rather than ignored ("no longer valid", "out of date", "put it on hold").
    "|outdated|out of date|obsolete|no longer valid|has ended|is over|on hold|pause|skip"
    "|périmé|obsolète|ne s'appliqu|en pause|caduc|überholt|veraltet|gilt nicht|pausier|unterbrich"
    "|sin efecto|desfasad|obsolet|no sirve|no sirven|pausa|ya terminó|desatualizad|perderam a validade|perdeu a validade|pule"
    "|утратил|не действу|устарел|не в силе|потерял силу|приостанов|пропусти|не выполняй|не слушай"
    "|失效|过时|过期|不作数|暂停|别做|不要做|不用管|别听|不要听|结束了|有効ではありません|古くなり|一旦止め|中断"
    "|hu lue|hulue|wu shi|wang ji|bu yao guan|mushi shite|mushi site|wasurete|ignorir|zabud|ne slushai"
    "|otmen|bolshe ne|vmesto"
    "|忽lue|hu略|wu视|无shi|wang记|忘ji|bu再|不zai"
    "|отбой по|отбой,|отбой:",
    "PRIOR": "previous|prior|earlier|above|original|initial|before|beginning|at the start|so far"
    "|précédent|antérieur|plus tôt|ci-dessus|début|départ|auparavant"
    "|vorherig|früher|bisherig|vorhin|oben|anfang|ursprünglich|zu beginn|eingangs"
    "|anterior|previo|previa|antes|arriba|principio|inicial|acima|começo"
    "|предыдущ|прежн|ранее|раньше|выше|начал|первоначальн|исходн"
    "|之前|以前|先前|上面|开头|最初|原来|刚才|先ほど|これまで|上に|元の|前の"
    "|predydush|predydusch|prezhn|ranee|vyshe",
    "INSTR": "instruction|directions|orders|rules|guideline|guidance|task|prompt|system prompt|objective|goal"
    "|consigne|directive|règle|tâche|mission|ordre|objectif"
    "|anweisung|vorgabe|regel|aufgabe|befehl|richtlinie|auftrag|ziel"
    "|instruccion|indicacion|orden|regla|tarea|pauta|directriz|norma|objetivo"
    "|instruç|orientaç|ordem|regra|tarefa|diretriz"
    "|инструкц|указани|правил|задач|приказ|установк|распоряжен|поручен|цель|промпт|промт"
    "|指令|指示|命令|规则|规定|任务|要求|提示词|安排|目标|ルール|タスク|方針|指針|プロンプト|依頼|目的"
    "|zhi ling|zhiling|zhi shi|ren wu|shiji|meirei|instrukc|instrukts|ukazani|pravil|zadach"
    "|指ling|zhi令|指shi|zhi示|ming令|命ling|gui则|规ze",
    "SECRET": "password|passcode|credential|api key|api keys|token|cookie|ssh|id_rsa|.env|secret|private key"
    "|2fa|one-time code|otp|card number|credit card|cvv|iban|wallet|seed phrase|login details|.aws|.netrc"
    "|mot de passe|mots de passe|identifiant|clé|clés|jeton|carte bancaire"
    "|passwort|passwört|zugangsdaten|schlüssel|kreditkarte|einmalcode"
    "|contraseña|credencial|clave|claves|tarjeta|senha|chave|cartão|dados de login|datos de acceso"
    "|пароль|парол|учётн|учетн|ключ|токен|куки|карт|одноразовый код"
    "|密码|密钥|令牌|验证码|信用卡|凭证|登录信息|パスワード|キー|トークン|クッキー|認証|カード|ログイン情報"
    "|mi ma|mima|pasuwaado|pasuwado|parol"
    "|mi码|密ma|kurejitto|kaado bangou|kaado no bangou|anshou bangou|pin koodo"
    # A stored payment card or account: what an order to book or subscribe "without asking" charges.
    "|saved card|stored card|card on file|stored payment|saved payment|carte enregistrée|moyen de paiement enregistré"
    "|hinterlegte|gespeicherte karte|gespeicherten karte|tarjeta guardada|tarjeta registrada|cartão salvo|cartão guardado"
    "|cartão cadastrado|сохранённой карт|сохраненной карт|привязанной карт|привязанную карт|已保存的|绑定的银行卡"
    "|绑定的信用卡|已绑定|保存されているカード|保存済みのカード|登録済みのカード|登録されたカード",
    "ACT": "send|email|e-mail|forward|upload|post|paste|share|transfer|wire|pay|open|visit|navigate|go to|click"
    "|run|execute|download|install|delete|remove|type|enter|reveal|print|repeat|export|copy|approve|grant"
    "|add|disable|turn off|change|reset|buy|order|accept|confirm|merge|submit|fill in|sign in|log in"
    # Booking and signing up: what an agent that shops or plans for someone is told to do with the stored card.
    "|book|reserve|subscribe|sign them up|sign up|réserv|abonne|inscri|buche|bucht|reservier|reserva|suscrib"
    "|inscrib|apunta|inscrev|assine|забронир|бронир|подпиш|запиши|预订|预定|订下|报名|订阅|申し込|押さえ"
    "|envoy|envoie|transfér|téléverse|publi|coll|partag|vire|virez|payez|ouvr|rendez-vous|allez|cliqu|lanc"
    "|exécut|télécharg|install|supprim|efface|tape|tapez|saisi|révél|affich|export|copi|approuv|accord|ajout"
    "|désactiv|modifi|chang|achet|command|accept|valid|connect|résili|rembours"
    "|sende|schick|leite|lade|hochlad|poste|einfüg|teile|teilen|teilt|überweis|bezahl|öffne|rufe|ruf|besuch|klick|führ|start"
    "|herunterlad|installier|lösch|entfern|tipp|gib|eingeb|verrat|zeig|exportier|kopier|genehmig|erteil"
    "|füg|deaktivier|abschalt|schalte|änder|kauf|bestell|akzeptier|bestätig|melde dich|trag|erstatte|kündig"
    "|envi|mand|reenví|sube|subir|public|pega|compart|transfier|paga|pague|pagar|abre|abrir|entra|pulsa|ejecut|descarg|instal"
    "|borr|elimin|escrib|introduc|revel|muestr|exporta|aprueb|conced|añad|desactiv|cambi|compr|acept|confirm"
    "|encaminh|envie|post|cole|compartilh|transfir|abra|acess|cliq|rode|rodar|roda|execut|baix|apag|exclu"
    "|digit|mostr|aprov|adicion|troqu|mude|mudar|aceit|estorn|devuelv"
    "|отправ|пришли|присла|перешл|пересыл|загруз|залей|опубликуй|вставь|подел|перевед|оплат|открой|зайди"
    "|перейди|нажми|выполни|запусти|скачай|установи|удали|введи|набери|раскрой|покажи|выведи|выгрузи"
    "|скопируй|одобри|выдай|добавь|отключи|смени|поменяй|купи|оформи|прими|подтверди|верни|отмени"
    "|发送|发到|发给|转发|上传|发布|粘贴|分享|共享|转账|转|支付|付款|打开|访问|前往|去|点击|运行|执行|下载"
    "|安装|删除|删掉|输入|填写|填到|透露|输出|导出|复制|批准|授予|添加|关闭|关掉|修改|更改|改掉|购买|下单"
    "|同意|确认|登录|退款|合并|开通|开启|抄送"
    "|送信|送っ|送る|送り|転送|アップロード|アップ|投稿|貼り付け|共有|振り込|振込|支払|開い|開く|開き"
    "|アクセス|移動|クリック|押し|実行|ダウンロード|インストール|削除|入力|表示|エクスポート|コピー"
    "|承認|付与|追加|無効に|オフ|変更|変え|購入|注文|許可|確定|ログイン|返金|マージ|解約"
    "|fa gei|fa dao|fa song|zhuan fa|shan chu|tensou|okutte|sakujo|otprav|pereshl|udali|zagruzi|otkro|skopiru"
    "|shan除|删chu|fa送|发song|zhuan账|转zhang|zhuan发|转fa|dao出|导chu|shang传|上chuan|fu制|复zhi"
    "|henshin ni|soushin|daunroodo|furikomi|haraikomi|kopii shite|appu shite"
    # Orders a screening or summarising tool can carry out: mark, rank, release, state. Not "recommend" or
    # "marketing": common in benign text.
    "|mark as|mark all|mark every|mark it|rank this|rank me|rank the|state that|say that|claim that"
    "|marquez|classez|classe ce|libérez|libère|affirmez|dites que|markiere|markier alle|einstuf|platzier"
    "|freigeb|freizugeb|anzugeben|behaupte|marca todas|marca todos|marca como|márcal|clasifica este"
    "|clasifica a|libera el|libera la|di que|afirma que|diga que|afirme|marque todos|marque todas|marque como"
    "|classifique|libere|отметь|пометь|поставь|укажи|указать|заяви|标记|排在|放行|声称|就说|最上位"
    "|atribua|atribuya|attribuez|vergeben sie|присвой"
    # "Write that ...": the claim a summary or minutes are told to carry.
    "|write that|écris que|écrivez que|schreib, dass|schreiben sie, dass|escribe que|escriba que|escreva que"
    "|escreve que|напиши, что|напишите, что|写明|写上|と書いて|と記載して"
    # Rejecting the other candidates or bids: what a screening tool is told to do to everyone else.
    "|reject all|reject the other|reject every|rejetez|rejette|absagen|sag allen|lehne alle|lehnen sie alle"
    "|rechaza a|rechaza todas|rechaza todos|rechace|rejeite|recuse os|recuse as|отклони|откажи всем|拒绝其他|拒绝所有"
    "|不採用に"
    # Social actions a browsing agent is told to take for its owner: follow, like, favourite, comment.
    "|like and follow|follow this account|follow our account|abonne-toi|abonnez-vous|folge diesem|folgt diesem"
    "|sigue esta cuenta|sigue a esta cuenta|siga esta conta|siga nossa|поставь лайк|лайкни|关注本|关注我们|关注这个"
    "|点赞|收藏|转发本|フォローして|いいね"
    # Slang sends ("скинь", "кинь"); forwarding ("reenviar"); declining meetings.
    "|скинь|кинь|сбрось|слей"
    "|reenvi|recusar|recuse|lehne ab|rechaza|откажись"
    # Verdicts and scores a screening tool is told to give.
    "|top score|highest score|maximum score|full marks|note maximale|meilleure note|höchste punktzahl|bestnote"
    "|höchstbewertung|puntuación máxima|máxima puntuación|nota máxima|pontuação máxima|высший балл"
    "|максимальный балл|最高评分|最高分|满分|満点|最高評価",
    "QUIET": "secretly|quietly|silently|don't tell|do not tell|without telling|never mention|don't mention"
    # "Don't warn anyone" in the imperative: no word to the person it concerns.
    "|don't warn|do not warn|don't notify|do not notify|no avises|no avise|no aviséis|no le avises|não avise"
    "|não avisem|ne préviens pas|ne prévenez pas|sans l'avertir|nicht benachrichtigen|sag niemandem|не предупреждай"
    "|не уведомляй|不要通知|别通知|不用通知|通知しないで|知らせないで"
    "|do not mention|not tell the user|no trace|without asking|don't need to check|no confirmation"
    "|discrètement|en secret|sans rien dire|n'en parlez|ne dites|ne parlez|sans demander|inutile de demander"
    "|ne préven|sans préven|n'informez|sans informer"
    "|heimlich|unauffällig|unbemerkt|stillschweigend|erwähne|sag nichts|erzähl|verschweig|ohne rückfrage"
    "|nicht fragen|nicht nachfragen|frag den nutzer gar nicht"
    "|en secreto|sin que se note|sin decir nada|no lo menciones|que no se entere|no le cuentes|sin pedir"
    "|no hace falta que|no le preguntes|em segredo|sem avisar|sem falar|não comente|não conte"
    "|não deixe o usuário|sem chamar atenção|não precisa|nem pergunte"
    "|втайне|незаметно|молча|тайно|не упоминай|ни слова|не говори|без подтверждения|не нужно спрашивать"
    "|без лишнего шума|даже не спрашивай"
    "|悄悄|偷偷|私下|秘密|不要提|别提|别让|不要告诉|别告诉|别跟|不用再问|不需要征求|不用问|不用等"
    "|こっそり|黙って|内緒|秘密|触れないで|言わないで|知らせる必要|伝えないで|話さないで|確認せず"
    "|確認は不要|聞く必要"
    # Faults kept out of a verdict or summary ("do not point out any flaw", "passez sous silence").
    "|not point out|not list any|leave out|do not flag|don't flag|without mentioning|no weaknesses"
    "|ne relevez|ne signalez|ne mentionn|sous silence|nennen sie kein|nenne kein|nicht nennen|weglassen"
    "|lassen sie weg|no menciones|no mencione|no señales|no digas nada|no diga nada|não mencione"
    "|não aponte|não apontem|não diga nada|não comentem|не указывай|не упоминать|умолч|не сообщай"
    "|без замечаний|не называй|不要指出|不得提及|不要提及|隐去|隐瞒|不要列出|指摘しない|指摘せず"
    "|言及してはならない|言及しない|記載しない|伏せて"
    # Tracks covered: no record left, the trash emptied; and no word to the person it concerns.
    "|empty the trash|leave no record|without a trace|sans laisser de trace|sans le prévenir|vide la corbeille"
    "|videz la corbeille|spurlos|papierkorb leeren|sin dejar rastro|vacía la papelera|sin avisar"
    "|sem deixar rastro|esvazie a lixeira|не оставляя следов|бесследно|очисти корзину|не предупреждая"
    "|不留痕迹|清空回收站|痕跡を残さ"
    # Not "without confirmation" alone: security advice says what an agent may do without it.
    "|send no notification|keine benachrichtigung|sans nouvelle confirmation|ohne weitere bestätigung"
    "|sin nueva confirmación|sem nova confirmação|ничего не пиши|никому не пиши"
    "|不发通知|不要发通知|no la menciones|no los menciones"
    "|no las menciones|not in the report|nicht im bericht|pas dans le rapport|不要在总结|不要在报告|别在报告"
    "|别在总结|報告書に書かない|レポートに書かない",
    "USER": "user|human|owner|person you|operator|principal|utilisateur|humain|propriétaire|nutzer|benutzer"
    "|mensch|menschen|besitzer|usuario|humano|propietario|dueño|usuário|dono|пользовател|человек|владел|хозяин"
    "|用户|人类|主人|使用者|机主|ユーザー|人間|所有者|持ち主|依頼主"
    "|yong hu|yonghu|yuuzaa|yuza|polzovatel|pol'zovatel",
    "AUTH": "admin|administrator|operator|developer|system|security team|authoriz|authoris|approved|mandatory"
    "|required|urgent|immediately|priority|policy|compliance|must|have to|need to|permitted|allowed to"
    "|openai|anthropic|deepmind|vendor|support team"
    # A header in a developer's or operator's voice ("developer message", "Entwicklernachricht", "開発者メッセージ").
    "|développeur|entwickler|desarrollador|desenvolvedor|разработчик|razrabotchik|开发者|开发人员|開発者|運営から"
    "|administrateur|système|autoris|obligatoire|immédiatement|prioritaire|devez|doit|dois|il faut|politique"
    "|sécurité|berechtigt|genehmigt|verpflichtend|dringend|sofort|musst|müssen|muss|darf|darfst|erlaub"
    "|administrador|sistema|autorizad|obligatori|urgente|inmediatamente|prioritari|debe|debes|tienes que"
    "|tiene que|obrigatóri|imediatamente|deve|precisa|tem que|autorizo"
    "|администратор|систем|разрешено|разрешаю|обязан|обязательно|срочно|немедленно|приоритет|должен|должны"
    "|нужно|политик"
    "|管理员|系统|授权|必须|紧急|立即|立刻|马上|优先|规定|管理者|システム|権限|必ず|至急|直ちに|今すぐ"
    "|しなければ|すること|運営者"
    # Approval claimed beforehand ("already approved by the manager", "wie besprochen"), and a model's makers.
    "|already approved|pre-approved|preapproved|already authorised|already authorized|as agreed|as discussed"
    "|déjà validé|déjà approuvé|déjà donnée|déjà autorisé|comme convenu|bereits genehmigt|bereits freigegeben"
    "|wie besprochen|wie vereinbart|ya aprobado|ya autorizado|ya está aprobado|como acordamos|como se acordó"
    "|já aprovado|já autorizado|conforme combinado|como combinado|уже одобрен|уже согласован|как договорились"
    "|已获批准|已获授权|已获同意|已批准|已经批准|已经同意|已授权|承認済み|了承済み|許可済み|承認をいただいて"
    "|development team|dev team|équipe de développement|entwicklungsteam|equipo de desarrollo"
    "|equipe de desenvolvimento|команда разработ|开发团队|研发团队|開発チーム|開発元",
    "FOLLOW": "follow|obey|comply|listen only|do as|obé|obéi|suivez|suivre|suis|befolg|folge|folgst|gehorch"
    "|obedec|obedece|sigue|sigas|segue|siga|cumpl|выполня|слушай|слушаться|подчин|следуй"
    "|richte dich nach|richten sie sich nach|halte dich an|halten sie sich an|руководствуй"
    "|听从|只听|按照|照做|遵守|遵从|従って|従う|従い|言う通り",
    # Writing about attacks, fiction and job ads mention AIs and orders without giving any.
    "META": "injection|attack|attacker|research|study|paper|article|blog|advisory|analys|analyz|mitigat|defen"
    "|protect|vulnerab|exploit|phishing|red team|red-team|example|such as|movie|film|novel|chapter|story"
    "|hiring|job|vacanc|resume|cv|benchmark|jailbreak|training|course|talk|webinar|guide|tutorial"
    "|attaque|chercheur|étude|recherche|exemple|roman|chapitre|histoire|recrut|emploi|formation|conférence"
    "|angriff|angreifer|forsch|studie|beitrag|beispiel|roman|kapitel|geschichte|stellenanzeige|bewerbung"
    "|schulung|vortrag|leitfaden|ataque|atacante|investig|estudio|artículo|ejemplo|novela|capítulo"
    "|historia|empleo|formación|charla|guía|pesquis|estudo|artigo|exemplo|romance|vaga|treinamento"
    "|palestra|guia|атак|злоумышлен|исследова|стать|пример|роман|глава|истори|ваканси|резюме|обучени"
    "|доклад|руководств|инъекц|фильм"
    "|攻击|注入|研究|文章|案例|例如|小说|章|故事|电影|招聘|简历|培训|讲座|指南|分析|防范|防御|防护"
    # Terms of use and liability clauses: what the user agrees to and who answers for what.
    "|terms of use|terms of service|liable|liability|conditions générales|cgu|responsabilité|s'engage à"
    "|nutzungsbedingungen|agb|haftet|haftung|verpflichtet sich|condiciones de uso|términos de uso|responsable de"
    "|responsabilidad|se compromete|termos de uso|responsabiliza|responsabilidade|compromete-se"
    "|пользовательское соглашение|ответственност|обязуется|用户协议|服务条款|承担责任|不承担|利用規約|責任を負"
    "|攻撃|インジェクション|研究|記事|例えば|小説|章|物語|映画|求人|履歴書|研修|講演|ガイド|分析|対策"
    # Definitions, lessons, exercises and experiments explain orders to AIs without giving one.
    "|what is |what's a |glossary|faq|best practice|lesson|quiz|exercise|experiment|demonstration|explained"
    "|qu'est-ce|glossaire|bonnes pratiques|leçon|exercice|expérimentation|démonstration|explication"
    "|was ist |glossar|lektion|übung|erklärt"
    "|qué es |glosario|buenas prácticas|lección|ejercicio|experimento|demostración|explicación"
    "|o que é |glossário|boas práticas|lição|exercício|demonstração|explicação"
    "|что такое|глоссари|урок|упражнени|викторин|эксперимент|демонстрац|объяснени|разбор"
    "|什么是|术语|最佳实践|课程|练习|测验|实验|演示|解释|とは|用語|ベストプラクティス|演習|クイズ|実験|デモ|検証|解説"
    # A definition says what a setting does ("the system prompt defines the role"); an advert offers a trial.
    "|defines the|is set by the|définit le|définit la|définit les|legt rolle|legt fest|define el|define la"
    "|define o|define a|задаёт роль|определяет роль|定义了|规定了|を定義|を決めます"
    "|free trial|try it free|essai gratuit|kostenlos testen|gratis testen|prueba gratis|teste grátis"
    "|пробный период|бесплатно попробовать|免费试用|無料で試|無料トライアル",
    # Test logs, audits and write-ups tell what an agent did with a planted order ("the agent refused and asked
    # the user. Result: pass"): narration and outcomes, not an order.
    "REPORT": "result|verdict|outcome|finding|passed|test case|test run|scenario|test log|qa log|audit"
    "|recognised|recognized|identified|flagged|refused|declined|took no action|treated it as|sandbox"
    "|résultat|constat|bilan|conforme|réussi|scénario|journal de test|a refusé|a reconnu|a identifié"
    "|a signalé|bac à sable|ergebnis|befund|bestanden|szenario|testprotokoll|prüfbericht|testlauf|erkannte"
    "|verweigerte|meldete|testumgebung|hallazgo|superado|escenario|informe de prueba|auditoría|identificó"
    "|rechazó|detectó|consultó|entorno de prueba|achado|cenário|relatório de teste|auditoria|identificou"
    "|recusou|detectou|consultou|ambiente de teste|итог|результат|пройден|сценари|протокол испытани|аудит"
    "|распознал|отказал|определил|песочниц"
    "|测试记录|结果|发现|场景|日志|审计|识别出|拒绝了|询问了|沙箱|結果|判定|合格|所見|シナリオ|ログ|監査"
    "|判断し|拒否し|サンドボックス",
    # German "du" only with a verb or conjunction next to it: alone it is mostly the French "du" ("of the").
    "YOU": "you|your|yourself|vous|votre|vos|tu|ton|ta|tes|toi|dich|dir|dein|deine|deinen|deiner|euch|eure"
    "|tú|usted|você|vocês|seu|sua|seus|suas|ты|тебе|тебя|твой|твоя|твои|твоё|вы|вам|вас|ваш|ваша|ваши"
    "|你|您|あなた|君"
    "|du bist|du musst|du sollst|du solltest|du hast|du kannst|du wirst|du darfst|du brauchst|du bekommen"
    "|du erhalten|hast du|kannst du|musst du|bist du|sollst du|wirst du|darfst du|was du|dass du|wenn du"
    "|die du|das du|den du",
    "NEW": "new|real task|real goal|real instruction|real objective|real job|real purpose|real user|real owner"
    "|actual task|actual goal|actual instruction|actual objective|actual user|actual owner|true task|true goal|true purpose|true instruction|true objective|from now on|now|updated|next step|nouveau|nouvelle|nouvel|véritable|vraie|vrai"
    "|désormais|dorénavant|maintenant|neu|neue|neuen|neues|echt|eigentlich|ab jetzt|ab sofort|jetzt|nuevo|nueva|verdader"
    "|ahora|a partir de ahora|novo|nova|de agora em diante|agora|новый|новая|новые|настоящ|теперь|отныне"
    "|с этого момента|сейчас|新的|新|真正|现在|从现在开始|新しい|本当の|今から|これから|今後|teper|otnyne",
    # A machine reading, sorting or summarising this very text ("whoever processes this sheet", "when
    # summarising this document", "si c'est ton assistant qui lit nos messages"): how an order reaches a
    # reader that was never named.
    "READS": "reading this|reads this|read this|reading these|reads these|reading our|reads our|processing this"
    "|processes this|processes these|parsing this|parses this|scanning this|scans this|sorting this|sorts this"
    "|summarising this|summarizing this|summarises this|summarizes this|when summari|when you summari"
    "|whoever|whatever tool|whatever processes|anyone processing|anything processing"
    "|lisant ce|lisant cet|lit ce|lit cet|lit cette|lit nos|lit mes|qui trie|triant|traite ce|traite cette"
    "|traitant ce|qui résume|qui lit|qui traite|traitant cette|en résumant|lorsque vous le résum"
    "|lorsque vous résum|quand vous résum"
    "|lors du résumé|lors de la synthèse|génère la synthèse|quiconque traite|quiconque lit"
    # Processing words only with "this": "your data is processed" is a privacy notice.
    "|mitliest|mitlies|dies liest|das liest|diese mail liest|dieses dokument liest|dies verarbeitet"
    "|diese tabelle verarbeitet|dieses dokument verarbeitet|diese datei verarbeitet|diese mail verarbeitet"
    "|beim zusammenfassen|bei der zusammenfassung|wer auch immer"
    "|lee esto|lee este|lee esta|lee estos|lee nuestros|leyendo esto|leyendo este|procesa este|procesa esta"
    "|procesando esta|procesando este|procesando esto|esté procesando|al resumir|cuando resumas|cuando resuma"
    "|quien procese|quien sea que|quien lea|que edite este|que edite esta"
    "|lendo esta|lendo este|lendo isto|lendo nossas|lê esta|lê este|processa esta|processa este"
    "|processando esta|processando este|processando isto|estiver processando|ao resumir|quando resumir"
    "|resumindo esta|resumindo este|quem processar|quem quer que|quem estiver lendo"
    "|читает|читающ|обрабатывает эт|обрабатывающ|обрабатываешь|при пересказ|при резюмир|при кратком изложени"
    "|пересказывая|резюмируя|кто бы ни|无论是谁|不管是谁|誰であれ"
    # An agent working for somebody else: "planning this stay for someone", "pour le compte de quelqu'un".
    "|for someone|for somebody|on somebody's behalf|on someone's behalf|pour quelqu'un|pour le compte de quelqu'un"
    "|für jemanden|für jemand anderen|para alguien|por cuenta de alguien|para otra persona"
    "|para alguém|para outra pessoa|за кого-то|для кого-то|для другого человека|替别人|帮别人|为别人|代人"
    "|誰かの代わりに|誰かのために"
    "|正在读|在阅读|阅读这|处理这份|处理这张|处理这封|处理本|处理此|总结这|总结本|总结此|总结时|摘要时|概括时|代为阅读|代为处理|代你阅读|读取此|读取这"
    "|読んでる|読んでいる|読み込んで|読み取って|処理している|処理するai|処理するツール|処理するシステム"
    "|処理するプログラム|処理するボット|要約する際|要約する時|要約するとき|要約時"
    "|要約の際|まとめる際|読むai|読むエージェント|読むアシスタント|読むボット|chitaet|obrabaty"
    # A tool analysing, recognising or scanning this sheet, picture or file.
    "|analysing this|analyzing this|analyses this|analyzes this|recognising this|recognizing this|ocr of this"
    "|qui analyse ce|qui analyse cet|qui analyse cette|analysant ce|analysant cette|qui lit ce"
    "|diese tabelle auswertet|das auswertende|die auswertende|den auswertenden"
    "|que analiza est|que analice est|analizando est|al generar el informe"
    "|que analisa est|analisando est|ao gerar o relatório"
    "|анализирующ|анализирует эт|распознающ|распознаёт эт|распознает эт"
    "|分析本|分析此|识别到本|识别本|识别此|读取本|刷笔记|刷帖|帮主人|替主人|代主人"
    "|読み取ったai|読み取ったエージェント|解析するai|分析するai|読み取ったアシスタント|認識したai",
    # "If you are an assistant ...", "si es tu bot el que lee esto": a reader addressed only if it is an AI.
    "IF": "if you are|if you're|if you happen|if this is|if it's|if there's|if there is|if a bot|if an ai|if any"
    "|si vous êtes|si tu es|si c'est|si un|si une|si es|si eres|si está|si hay|se você for|se você é|se for"
    "|se é|se um|se uma|falls du|falls dein|falls ein|falls sie|falls das|falls die|falls hier|wenn du"
    "|wenn sie ein|wenn ein|wenn eine|если ты|если вы|если это|если текст|если письмо"
    "|如果你是|如果您是|如果是|如果有|若你是|若由|假如你是|要是|だったら|であれば|の場合は",
    # "Note for the assistant that generates the summary:", "Указание для ...", "给……的说明：", "への指示":
    # a line that names its addressee. A stem matches any ending, so short German ones name their article.
    "NOTE": "note for|note to|notice to|notice for|instruction for|instructions for|instruction to|message for"
    "|message to|comment for|hidden comment|memo to|memo for|reminder for|à l'intention|consigne pour"
    "|consignes pour|note pour|note à|message pour|remarque pour|instruction pour|commentaire pour|hinweis für"
    "|hinweis an die|hinweis an den|hinweis an das|hinweis an alle|anweisung für|anweisung an die"
    "|anweisung an den|anweisung an das|anweisung an alle|nachricht an die|nachricht an den|nachricht an das"
    "|nachricht an alle|nachricht für|notiz für|vermerk für|an das system|an die ki |an die ki:"
    "|nota para|nota a la|nota al|nota a los|instrucción para|instrucciones para|indicación para|mensaje para"
    "|comentario para|comentario oculto|aviso para|instrução para|instruções para|recado para|mensagem para"
    "|observação para|orientação para|указание для|указания для|примечание для|заметка для|сообщение для"
    "|инструкция для|памятка для|обращение к|的说明:|的指示:|的提示:|的备注:|的留言:|给自动|致处理|致所有|致任何"
    "|への指示|への注記|へのメモ|への連絡|へのお願い|へのメッセージ|宛て|向けの指示|向けメモ",
}


_LETTER = r"[^\W_\u3040-\u30ff\u3400-\u9fff]"  # a letter or digit of an alphabet (Chinese/Japanese characters aren't)


def _pattern(stems: str) -> re.Pattern:
    """Latin and Cyrillic stems start a word (stems of up to three letters are whole words: "ai" is not
    "air"); Chinese and Japanese stems match anywhere. One boundary per group keeps the regex fast."""
    groups: dict[str, list[str]] = {"cjk": [], "short": [], "stem": []}
    for stem in sorted(set(stems.split("|")), key=len, reverse=True):
        kind = (
            "cjk"
            if re.match(r"[\u3040-\u30ff\u3400-\u9fff]", stem)
            else "short"
            if len(stem) <= 3
            else "stem"
        )
        groups[kind].append(re.escape(stem))
    parts = []
    if groups["stem"]:
        parts.append(rf"(?<!{_LETTER})(?:{'|'.join(groups['stem'])})")
    if groups["short"]:
        # "ai" after an apostrophe is the French verb ("j'ai", "t'ai"), not an AI ("l'ia" still is).
        short = [r"(?<!['’])ai" if stem == "ai" else stem for stem in groups["short"]]
        parts.append(rf"(?<!{_LETTER})(?:{'|'.join(short)})(?!{_LETTER})")
    if groups["cjk"]:
        parts.append(f"(?:{'|'.join(groups['cjk'])})")
    return re.compile("|".join(parts))


# Latin letters with accents read as plain letters, one for one (offsets hold): text typed without accents
# ("contrasena", "instrucoes", "precedentes") meets the same stems. Other scripts are left alone.
_FOLD = str.maketrans(
    {
        ch: base
        for ch, base in ((chr(c), unicodedata.normalize("NFD", chr(c))[0]) for c in range(0xC0, 0x250))
        if base.isascii() and base.isalpha() and ch != base
    }
)


def fold(text: str) -> str:
    """The text with accented Latin letters replaced by their base letters, same length."""
    return text.translate(_FOLD)


_PATTERNS = {name: _pattern(fold(stems)) for name, stems in CONCEPTS.items()}
PAIR_DISTANCE = 60  # characters between two concepts that count as one phrase


# A concept at the start of a sentence or right after "please" (an order: "Send ...", "请发送"), a concept
# followed by a Japanese request ending ("送信してください"), and an AI addressed by name ("AI agents: ...",
# "Dear assistant,", "AIへ").
# A dot ends a sentence only before a space: "pan.example.cn", "v1.2" and "report.pdf" start none.
_LEAD = re.compile(
    r"(?:^|\.\s+|[!?;:\n。！？；：]\s*|\b(?:please|pls|kindly|s'il vous plaît|bitte|por favor|пожалуйста)\s+|请|麻烦|把)$"
)
# Polite forms too: "ご変更いただけますと幸いです", "承認いただきたく".
_JA_REQUEST = re.compile(
    r"^[^。\n]{0,8}?(?:ください|なさい|すること|しろ|せよ|して|しなければ|いただけ|いただき|願います)"
)
# Up to four space-separated words (one run of at most 14 characters in Chinese or Japanese), then a colon or
# Japanese address: "AI agents:", "AI助手：" but not "AI助手可以帮您整理邮件、安排日程，". A comma only within
# three words ("dear assistant,", "your bot reading this,"): further on, a comma is the prose's own ("the
# model before the conversation, for example"). Words are words, not code ("model="gpt-4o",").
_VOCATIVE_AFTER = re.compile(
    r"^[^\s.。:：,，!、=\"'(\[{?？]{1,14}(?:(?:\s[^\s.。:：,，!、=\"'(\[{?？]{1,14}){0,3}\s*(?:[:：!]|へ|さん|様|にお願い|の皆)"
    r"|(?:\s[^\s.。:：,，!、=\"'(\[{?？]{1,14}){0,2}\s*[,，])"
)
# "Agent: ... Customer: ... Agent: ..." is a transcript: a label that starts two or more turns is a speaker.
_SPEAKER = re.compile(r"(?:^|(?<=[\n.!?。！？])\s*)([^\W\d_][^\W_]{1,19})\s*[:：]", re.MULTILINE)
_VOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:dear|hey|hi|hello|to|for|attention|note to|message to|chère?|cher|à l'|aux|an|liebe[rs]?|hallo|"
    r"querid[ao]s?|hola|olá|oi|para|a l[ao]s|дорог\w*|привет|для|pour|für)\s+"
    r"(?:the\s+|all\s+|any\s+|every\s+|all\w*\s+|l'|les\s+|le\s+|la\s+|a\s+|as\s+|tout\w*\s+|die\s+"
    r"|den\s+|jede\w*\s+|el\s+|los\s+"
    r"|o\s+|os\s+|tod[oa]s?\s+|qualquer\s+|любо\w*\s+|все\w*\s+)?"
    r"|给|致|写给|@)$"
    # Chinese: "写给总结这封邮件的语言模型", "各位自动化代理" (a few characters between the address and the AI).
    r"|(?:致|写给|各位|诸位)[^，。：:！!\n]{0,12}$"
)


# "Say to your assistant: «...»" introduces what the reader should say; "if your bot reads this: approve ..."
# still addresses the bot.
_SAY_TO_YOUR = re.compile(
    r"(?:\b(?:say|tell|ask|dites|demandez|sag\w*|frag\w*|bitte|dile|p[ií]dele|pregunta|diga|pe[çc]a|pergunte"
    r"|скажите|скажи|попросите|спросите)\s+(?:\w+\s+){0,2}"
    r"(?:your|votre|ton|ta|dein\w*|ihr\w*|tu|su|vuestr\w*|seu|sua|teu|tua|твоему|вашему|своему)\s+"
    r"|(?:对|跟|和)(?:你的|您的)?)$"
)


def _vocative(before: str, after: str, speakers: set[str]) -> bool:
    """Whether the AI word at the start of `after` is addressed: "AI agents: ...", "dear assistant," —
    not a transcript's speaker label, nor "your assistant:" before what the reader should say to it."""
    if any(after.startswith(f"{label}:") or after.startswith(f"{label}：") for label in speakers):
        return False
    match = _VOCATIVE_AFTER.match(after)
    if match and match.group().rstrip()[-1] in ":：" and _SAY_TO_YOUR.search(before):
        match = None
    if match and match.group().rstrip()[-1] in ",，:：" and len(_CJK_CHAR.findall(match.group())) > 8:
        # "AI智能体读取这些内容时，": a comma or colon after a whole Chinese or Japanese clause ends the
        # clause; an address is short ("AI助手，", "AIアシスタント：").
        match = None
    return bool(match or _VOCATIVE_BEFORE.search(before))


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def concept_hits(normalised: str) -> list[tuple[int, str]]:
    """(offset, concept) for every concept stem in normalised text, in text order."""
    folded = fold(normalised)
    hits = [(m.start(), name) for name, pattern in _PATTERNS.items() for m in pattern.finditer(folded)]
    return sorted(hits)


def concept_tokens(normalised: str) -> set[str]:
    """Classifier tokens: each concept found, and each ordered pair of different concepts found within
    PAIR_DISTANCE characters of each other."""
    hits = concept_hits(normalised)
    tokens = {f"concept:{name}" for _, name in hits}
    labels = [m.group(1) for m in _SPEAKER.finditer(normalised)]
    speakers = {label for label in labels if labels.count(label) >= 2} if len(set(labels)) >= 2 else set()
    for start, name in hits:
        before, after = normalised[max(0, start - 24) : start], normalised[start : start + 30]
        if _LEAD.search(before):
            tokens.add(f"lead:{name}")
        if name == "ACT" and _JA_REQUEST.match(after[1:]):
            tokens.add("request:ACT")
        if name == "AI" and _vocative(normalised[max(0, start - 48) : start], after, speakers):
            tokens.add("vocative:AI")
    for i, (start, first) in enumerate(hits):
        for offset, second in hits[i + 1 :]:
            if offset - start > PAIR_DISTANCE:
                break
            if second != first:
                tokens.add(f"pair:{first}>{second}")
    return tokens
